import { invalidInput } from '../../kernel/http/errors.js';
import type { CaseRow } from './epeople.tables.js';

/** How an answer disposes of the case. A refusal (or partial acceptance) states the remedies open to the filer. */
export const ANSWER_OUTCOMES = ['accepted', 'partly_accepted', 'refused', 'explained'] as const;
export type AnswerOutcome = (typeof ANSWER_OUTCOMES)[number];
export const SATISFACTION = ['satisfied', 'neutral', 'dissatisfied'] as const;

export interface AnswerInput {
  text: string;
  outcome: string;
  remedies?: string;
}

/** The answer's text is the reasons; a refusal or partial acceptance must also say what the filer can do next. */
export function checkAnswer(input: AnswerInput): { body: string; outcome: AnswerOutcome; remedies: string | null } {
  const body = input.text.trim();
  const remedies = (input.remedies ?? '').trim();
  const fields = [];
  if (!body || body.length > 8000) fields.push({ field: 'answer', message: 'Enter the answer.' });
  const outcome = (ANSWER_OUTCOMES as readonly string[]).includes(input.outcome) ? (input.outcome as AnswerOutcome) : undefined;
  if (!outcome) fields.push({ field: 'outcome', message: 'Choose the outcome.' });
  const needsRemedies = outcome === 'refused' || outcome === 'partly_accepted';
  if (needsRemedies && (!remedies || remedies.length > 2000)) fields.push({ field: 'remedies', message: 'State the remedies open to the filer.' });
  if (fields.length || !outcome) throw invalidInput(fields);
  return { body, outcome, remedies: needsRemedies ? remedies : null };
}

/** What the official signs: the case, the agency, the answer text, its outcome and remedies, and its time. */
export function answerDocument(row: Pick<CaseRow, 'id' | 'number' | 'agency_id'>, answer: string, answeredAt: Date, disposal: { outcome: AnswerOutcome; remedies: string | null }) {
  return {
    type: 'nara.epeople.answer', caseId: row.id, caseNumber: row.number, agencyId: row.agency_id, answer,
    outcome: disposal.outcome, remedies: disposal.remedies, answeredAt: answeredAt.toISOString(),
  };
}
