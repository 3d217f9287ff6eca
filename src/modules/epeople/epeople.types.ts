import { KOREA_CALENDAR, type WorkingCalendar } from './epeople.calendar.js';
import { periodOfDays, type StatutoryPeriod } from './epeople.clock.js';

/** The kinds of case e-People accepts. Stable: they are stored and appear in the API. */
export const CASE_TYPE_CODES = [
  'grievance',
  'proposal',
  'simple_inquiry',
  'law_inquiry',
  'certificate',
  'corruption_report',
  'public_interest_report',
  'budget_waste_report',
  'administrative_appeal',
] as const;

export type CaseTypeCode = (typeof CASE_TYPE_CODES)[number];

export interface CaseTypeRule {
  code: CaseTypeCode;
  /** The legal period for an answer. */
  period: StatutoryPeriod;
  /**
   * The organisation code of the body the law names for this type (reports, appeals). Such cases
   * go there whatever the routing rules say; null lets the filer or the routing rules choose.
   */
  handlingBodyCode: string | null;
}

/**
 * The Civil Petitions Treatment Act defaults. Reports and appeals follow their own acts: a
 * corruption or public-interest report is dealt with within 60 days of receipt, an
 * administrative appeal is decided within 60 days; the budget-waste figure is a deployment
 * choice (30 days here). A deployment passes its own table to createEpeopleModule.
 */
export const DEFAULT_CASE_TYPES: readonly CaseTypeRule[] = [
  { code: 'grievance', period: periodOfDays(7), handlingBodyCode: null },
  { code: 'proposal', period: periodOfDays(14), handlingBodyCode: null },
  { code: 'simple_inquiry', period: periodOfDays(7), handlingBodyCode: null },
  { code: 'law_inquiry', period: periodOfDays(14), handlingBodyCode: null },
  // "Immediately" means within 3 working hours.
  { code: 'certificate', period: { unit: 'workingHours', hours: 3 }, handlingBodyCode: null },
  { code: 'corruption_report', period: periodOfDays(60), handlingBodyCode: 'ACRC' },
  { code: 'public_interest_report', period: periodOfDays(60), handlingBodyCode: 'ACRC' },
  { code: 'budget_waste_report', period: periodOfDays(30), handlingBodyCode: 'MOEF' },
  // The Central Administrative Appeals Commission sits inside the ACRC.
  { code: 'administrative_appeal', period: periodOfDays(60), handlingBodyCode: 'ACRC' },
];

export interface EpeopleSettings {
  caseTypes: readonly CaseTypeRule[];
  calendar: WorkingCalendar;
  /** The organisation whose officials route cases that no rule matches. */
  triageAgencyCode: string;
  /** Supplement requests allowed per case before it may be closed with notice. */
  maxSupplementRequests: number;
  /** Days after receipt when an open case's filer gets the automatic progress notice (the law: 30). */
  progressNoticeAfterDays: number;
  /** Working hours before the due time when supervisors are told (a quarter of the period if shorter). */
  escalationLeadWorkingHours: number;
  /** How often the clock sweep runs (a jobs schedule spec). */
  sweepSchedule: string;
  /** Group commit of concurrent filings: filings per transaction at most, and transactions at once. */
  filingGroupCommit?: { maxBatch: number; maxInFlight: number };
}

export const DEFAULT_EPEOPLE_SETTINGS: EpeopleSettings = {
  caseTypes: DEFAULT_CASE_TYPES,
  calendar: KOREA_CALENDAR,
  triageAgencyCode: 'ACRC',
  maxSupplementRequests: 2,
  progressNoticeAfterDays: 30,
  escalationLeadWorkingHours: 8,
  sweepSchedule: 'every 15 minutes',
};

export const CASE_STATUSES = ['triage', 'received', 'in_progress', 'awaiting_supplement', 'answered', 'closed'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export const CASE_EVENT_KINDS = [
  'filed',
  'routed',
  'sent_to_triage',
  'assigned',
  'supplement_requested',
  'supplement_provided',
  'transferred',
  'extended',
  'answered',
  'progress_notice',
  'escalated',
  'extension_proposed',
  'extension_consented',
  'extension_declined',
  'rated',
  'reopened',
  'closed',
  'identity_opened',
  'answer_submitted',
  'answer_returned',
  'answer_approved',
] as const;

/** Steps inside the handling body that the filer's history leaves out. */
export const INTERNAL_EVENT_KINDS: ReadonlySet<string> = new Set(['answer_submitted', 'answer_returned', 'answer_approved']);
export type CaseEventKind = (typeof CASE_EVENT_KINDS)[number];
