import { createHash } from 'node:crypto';
import { inTransaction, type Db } from '../../kernel/db/database.js';
import { computeDue } from './epeople.clock.js';
import * as repo from './epeople.repository.js';
import { FRESH_CASE_FIELDS, type CaseRow, type RoutingRuleRow } from './epeople.tables.js';
import { DEFAULT_EPEOPLE_SETTINGS, type CaseTypeCode } from './epeople.types.js';

/** What the demo loader hands over: agency ids by code and some citizens (not personas) to file the demo cases. */
export interface EpeopleDemoInput {
  agencyIdByCode: ReadonlyMap<string, string>;
  citizenIds: readonly string[];
}

const stable = (prefix: string, key: string) => `${prefix}_${createHash('sha256').update(`nara-demo-epeople:${key}`).digest('hex').slice(0, 24)}`;

/** Routing rules of the demo country: towns by name (Korean and English), then subjects, then law inquiries. */
const DEMO_RULES: [priority: number, agency: string, where: { type?: CaseTypeCode; category?: string; location?: string }][] = [
  [10, 'CITY-NURI', { location: '누리시' }],
  [10, 'CITY-NURI', { location: 'Nuri' }],
  [10, 'CITY-SOLLAE', { location: '솔내시' }],
  [10, 'CITY-SOLLAE', { location: 'Sollae' }],
  [10, 'CITY-DAON', { location: '다온시' }],
  [10, 'CITY-DAON', { location: 'Daon' }],
  [10, 'CITY-HARAM', { location: '하람시' }],
  [10, 'CITY-HARAM', { location: 'Haram' }],
  [50, 'MOLIT', { category: 'roads' }],
  [50, 'NTS', { category: 'tax' }],
  [50, 'MOHW', { category: 'welfare' }],
  [50, 'ME', { category: 'environment' }],
  [60, 'MOJ', { type: 'law_inquiry' }],
];

interface DemoCase {
  key: string;
  type: CaseTypeCode;
  agency: string;
  title: string;
  content: string;
  address: string | null;
  receivedAt: string;
  answer: string | null;
}

const DEMO_CASES: DemoCase[] = [
  {
    key: 'streetlight', type: 'grievance', agency: 'CITY-NURI', address: 'Nuri City, Hanbit-ro 12',
    title: 'Streetlight out on Hanbit-ro', content: 'The streetlight in front of Hanbit-ro 12 has been out for two weeks and the crossing is dark at night.',
    receivedAt: '2026-02-02T10:15:00+09:00', answer: 'The lamp was replaced on 5 February. Thank you for telling us.',
  },
  {
    key: 'pothole', type: 'grievance', agency: 'CITY-DAON', address: 'Daon City, Station-gil 3',
    title: 'Pothole near Daon station', content: 'A deep pothole on the road by the east exit of Daon station damages bicycles and cars.',
    receivedAt: '2026-02-09T14:40:00+09:00', answer: null,
  },
  {
    key: 'bike-racks', type: 'proposal', agency: 'CITY-SOLLAE', address: 'Sollae City library',
    title: 'More bicycle racks at Sollae library', content: 'The racks at the library are always full; please add racks on the south side.',
    receivedAt: '2026-01-20T09:30:00+09:00', answer: 'Twenty racks will be added in the spring works.',
  },
  {
    key: 'night-noise', type: 'grievance', agency: 'CITY-NURI', address: '누리시 별빛로 8',
    title: '야간 공사 소음', content: '별빛로 8 앞 공사장에서 밤 11시 넘어서까지 공사를 합니다. 소음 규제를 확인해 주세요.',
    receivedAt: '2026-02-16T21:05:00+09:00', answer: null,
  },
  {
    key: 'certificate-inquiry', type: 'simple_inquiry', agency: 'MOIS', address: null,
    title: 'Resident registration certificate online', content: 'Can a resident registration certificate be issued online on a public holiday?',
    receivedAt: '2026-01-13T11:00:00+09:00', answer: 'Yes: online issuing works every day, including public holidays.',
  },
];

/** Loads the demo routing rules and public demo cases (once: they have stable ids). */
export async function seedEpeopleDemo(db: Db, input: EpeopleDemoInput): Promise<void> {
  const agency = (code: string) => {
    const id = input.agencyIdByCode.get(code);
    if (!id) throw new Error(`The demo country has no agency ${code}.`);
    return id;
  };
  const rules: RoutingRuleRow[] = DEMO_RULES.map(([priority, code, where], i) => ({
    id: stable('rte', `rule-${i}`),
    priority,
    case_type: where.type ?? null,
    category: where.category ?? null,
    location_contains: where.location ?? null,
    agency_id: agency(code),
  }));
  await inTransaction(db, async (tx) => {
    await repo.insertRoutingRules(tx, rules);
    if ((await repo.countCases(tx)) > 0 || input.citizenIds.length === 0) return;
    for (const [i, demo] of DEMO_CASES.entries()) {
      const receivedAt = new Date(demo.receivedAt);
      const rule = DEFAULT_EPEOPLE_SETTINGS.caseTypes.find((t) => t.code === demo.type)!;
      const dueAt = computeDue(DEFAULT_EPEOPLE_SETTINGS.calendar, rule.period, receivedAt);
      const row: CaseRow = {
        id: stable('cas', demo.key),
        number: await repo.nextCaseNumber(tx, 2026),
        type: demo.type,
        category: null,
        title: demo.title,
        content: demo.content,
        location_address: demo.address,
        is_public: true,
        locale: /[가-힣]/.test(demo.title) ? 'ko' : 'en',
        filer_id: input.citizenIds[i % input.citizenIds.length]!,
        agency_id: agency(demo.agency),
        assigned_official_id: null,
        status: demo.answer ? 'answered' : 'received',
        content_hash: createHash('sha256').update(`demo:${demo.key}`).digest('hex'),
        content_salt: createHash('sha256').update(`demo-salt:${demo.key}`).digest('hex').slice(0, 32),
        received_at: receivedAt,
        due_at: dueAt,
        paused_at: null,
        supplement_requests: 0,
        extensions: 0,
        answer: demo.answer,
        answered_at: demo.answer ? new Date(receivedAt.getTime() + 3 * 24 * 3600_000) : null,
        answered_by: null,
        answer_jws: null,
        answer_certificate_serial: null,
        log_pending_id: null,
        ...FRESH_CASE_FIELDS,
      };
      await repo.insertCase(tx, row);
      const event = { case_id: row.id, actor_id: null, from_agency_id: null, note: null, due_at: null };
      await repo.insertCaseEvent(tx, { ...event, kind: 'filed', at: receivedAt, to_agency_id: null, due_at: dueAt });
      await repo.insertCaseEvent(tx, { ...event, kind: 'routed', at: receivedAt, to_agency_id: row.agency_id });
      if (row.answered_at) await repo.insertCaseEvent(tx, { ...event, kind: 'answered', at: row.answered_at, to_agency_id: null });
    }
  });
}
