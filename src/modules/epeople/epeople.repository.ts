import { sql, type Updateable } from 'kysely';
import type { DbOrTx } from '../../kernel/db/database.js';
import type { CaseEventRow, CaseRow, EpeopleCaseTable, EpeopleCaseEventTable, RoutingRuleRow } from './epeople.tables.js';

const CASE_COLUMNS = [
  'id', 'number', 'type', 'category', 'title', 'content', 'location_address', 'is_public', 'locale', 'filer_id', 'agency_id',
  'assigned_official_id', 'status', 'content_hash', 'content_salt', 'received_at', 'due_at', 'paused_at', 'supplement_requests', 'extensions',
  'answer', 'answered_at', 'answered_by', 'answer_jws', 'answer_certificate_serial', 'log_pending_id',
  'progress_notice_at', 'escalated_at', 'proposed_extension_amount', 'proposed_extension_reason', 'proposed_extension_due_at',
  'answer_outcome', 'answer_remedies', 'satisfaction', 'satisfaction_comment', 'rated_at', 'reopened_as', 'reopened_from',
  'answer_draft', 'answer_draft_outcome', 'answer_draft_remedies', 'answer_drafted_by', 'answer_drafted_at', 'answer_review', 'answer_review_comment',
  'answer_approved_by', 'location_lat', 'location_lon',
] as const;

export type NewCase = Omit<CaseRow, 'supplement_requests' | 'extensions' | 'number'>;
export type NewCaseEvent = Omit<EpeopleCaseEventTable, 'id'>;

/** The next case number of the year, e.g. EP-2026-000042 (one sequence; the year is cosmetic). */
export async function nextCaseNumber(db: DbOrTx, year: number): Promise<string> {
  const { rows } = await sql<{ n: string | number }>`select nextval('epeople_case_number_seq') as n`.execute(db);
  return `EP-${year}-${String(rows[0]!.n).padStart(6, '0')}`;
}

export async function insertCase(db: DbOrTx, row: NewCase & { number: string }): Promise<void> {
  await db.insertInto('epeople_case').values(row).execute();
}

export async function insertCaseEvent(db: DbOrTx, event: NewCaseEvent): Promise<void> {
  await db.insertInto('epeople_case_event').values(event).execute();
}

export async function insertCaseEvents(db: DbOrTx, events: NewCaseEvent[]): Promise<void> {
  await db.insertInto('epeople_case_event').values(events).execute();
}

export async function findCase(db: DbOrTx, id: string): Promise<CaseRow | undefined> {
  return db.selectFrom('epeople_case').select(CASE_COLUMNS).where('id', '=', id).executeTakeFirst();
}

/** The row locked for an update inside the caller's transaction. */
export async function findCaseForUpdate(db: DbOrTx, id: string): Promise<CaseRow | undefined> {
  return db.selectFrom('epeople_case').select(CASE_COLUMNS).where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function updateCase(db: DbOrTx, id: string, changes: Updateable<EpeopleCaseTable>): Promise<void> {
  await db.updateTable('epeople_case').set(changes).where('id', '=', id).execute();
}

export async function latestCaseEvent(db: DbOrTx, caseId: string, skipKinds: readonly string[] = []): Promise<Pick<CaseEventRow, 'id' | 'kind'> | undefined> {
  let q = db.selectFrom('epeople_case_event').select(['id', 'kind']).where('case_id', '=', caseId);
  if (skipKinds.length > 0) q = q.where('kind', 'not in', skipKinds);
  const row = await q.orderBy('id', 'desc').limit(1).executeTakeFirst();
  return row ? { id: Number(row.id), kind: row.kind } : undefined;
}

export async function listCaseEvents(db: DbOrTx, caseId: string): Promise<CaseEventRow[]> {
  return db.selectFrom('epeople_case_event').selectAll().where('case_id', '=', caseId).orderBy('id').execute();
}

export async function listCasesOfFiler(db: DbOrTx, filerId: string, limit = 100): Promise<CaseRow[]> {
  return db.selectFrom('epeople_case').select(CASE_COLUMNS).where('filer_id', '=', filerId).orderBy('received_at', 'desc').orderBy('id').limit(limit).execute();
}

/** An agency's open cases (or the triage queue with agencyId null), soonest due first. */
export async function listOpenCasesOf(db: DbOrTx, agencyId: string | null, limit = 200): Promise<CaseRow[]> {
  let q = db.selectFrom('epeople_case').select(CASE_COLUMNS).where('status', 'not in', ['answered', 'closed']);
  q = agencyId === null ? q.where('agency_id', 'is', null) : q.where('agency_id', '=', agencyId);
  return q.orderBy('due_at').orderBy('id').limit(limit).execute();
}

/** Times this filer sent the same content before, and how many of those were answered. */
export async function countRepeats(db: DbOrTx, filerId: string, contentHash: string): Promise<{ filed: number; answered: number }> {
  const row = await db
    .selectFrom('epeople_case')
    .select((eb) => [
      eb.fn.countAll<number>().as('filed'),
      eb.fn.count<number>('answered_at').as('answered'),
    ])
    .where('filer_id', '=', filerId)
    .where('content_hash', '=', contentHash)
    .executeTakeFirst();
  return { filed: Number(row?.filed ?? 0), answered: Number(row?.answered ?? 0) };
}

/** Public cases whose words overlap the given words, best match first (full-text, 'simple' dictionary). */
export async function findSimilarPublicCases(
  db: DbOrTx,
  words: string[],
  limit: number,
): Promise<Pick<CaseRow, 'id' | 'number' | 'title' | 'status' | 'type'>[]> {
  if (words.length === 0) return [];
  const query = words.join(' | ');
  return db
    .selectFrom('epeople_case')
    .select(['id', 'number', 'title', 'status', 'type'])
    .where('is_public', '=', true)
    .where(sql<boolean>`search @@ to_tsquery('simple', ${query})`)
    .orderBy(sql`ts_rank(search, to_tsquery('simple', ${query}))`, 'desc')
    .orderBy('received_at', 'desc')
    .limit(limit)
    .execute();
}

export async function findPublicCase(db: DbOrTx, id: string): Promise<CaseRow | undefined> {
  return db.selectFrom('epeople_case').select(CASE_COLUMNS).where('id', '=', id).where('is_public', '=', true).executeTakeFirst();
}

export async function listRoutingRules(db: DbOrTx): Promise<RoutingRuleRow[]> {
  return db.selectFrom('epeople_routing_rule').selectAll().orderBy('priority').orderBy('id').execute();
}

export async function insertRoutingRules(db: DbOrTx, rules: RoutingRuleRow[]): Promise<void> {
  if (rules.length === 0) return;
  await db.insertInto('epeople_routing_rule').values(rules).onConflict((oc) => oc.column('id').doNothing()).execute();
}

export async function countCases(db: DbOrTx): Promise<number> {
  const row = await db.selectFrom('epeople_case').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
  return Number(row?.n ?? 0);
}

export async function findDraft(db: DbOrTx, personId: string): Promise<Record<string, unknown> | undefined> {
  const row = await db.selectFrom('epeople_draft').select('answers').where('person_id', '=', personId).executeTakeFirst();
  return row?.answers;
}

export async function saveDraft(db: DbOrTx, personId: string, answers: Record<string, unknown>, now: Date): Promise<void> {
  await db
    .insertInto('epeople_draft')
    .values({ person_id: personId, answers: JSON.stringify(answers), updated_at: now })
    .onConflict((oc) => oc.column('person_id').doUpdateSet({ answers: JSON.stringify(answers), updated_at: now }))
    .execute();
}

export async function deleteDraft(db: DbOrTx, personId: string): Promise<void> {
  await db.deleteFrom('epeople_draft').where('person_id', '=', personId).execute();
}

export interface PublicCaseFilters {
  ids?: string[];
  type?: string;
  from?: Date;
  to?: Date;
  /** Open311 status: open (not answered or closed) or closed. */
  status?: 'open' | 'closed';
  limit: number;
}

/** Public cases with their transfer count and last change, newest first (Open311 reads). */
export async function listPublicCases(db: DbOrTx, f: PublicCaseFilters): Promise<(CaseRow & { transfers: number; updated_at: Date })[]> {
  let q = db
    .selectFrom('epeople_case as c')
    .select(CASE_COLUMNS.map((col) => `c.${col}` as const))
    .select((eb) => [
      eb.selectFrom('epeople_case_event as e').whereRef('e.case_id', '=', 'c.id').where('e.kind', '=', 'transferred').select((e) => e.fn.countAll<number>().as('n')).as('transfers'),
      eb.selectFrom('epeople_case_event as e').whereRef('e.case_id', '=', 'c.id').select((e) => e.fn.max('e.at').as('m')).as('updated_at'),
    ])
    .where('c.is_public', '=', true);
  if (f.ids) q = q.where('c.id', 'in', f.ids.length ? f.ids : ['']);
  if (f.type) q = q.where('c.type', '=', f.type);
  if (f.from) q = q.where('c.received_at', '>=', f.from);
  if (f.to) q = q.where('c.received_at', '<=', f.to);
  if (f.status === 'open') q = q.where('c.status', 'not in', ['answered', 'closed']);
  if (f.status === 'closed') q = q.where('c.status', 'in', ['answered', 'closed']);
  const rows = await q.orderBy('c.received_at', 'desc').orderBy('c.id').limit(f.limit).execute();
  return rows.map((r) => ({ ...r, transfers: Number(r.transfers ?? 0), updated_at: (r.updated_at as Date | null) ?? r.received_at }));
}

/** People who joined a case instead of filing the same thing again. */
export async function listSupporters(db: DbOrTx, caseId: string): Promise<string[]> {
  const rows = await db.selectFrom('epeople_case_supporter').select('person_id').where('case_id', '=', caseId).orderBy('joined_at').execute();
  return rows.map((r) => r.person_id);
}

/** True when the person was added now; false when they had already joined. */
export async function addSupporter(db: DbOrTx, caseId: string, personId: string, now: Date): Promise<boolean> {
  const rows = await db
    .insertInto('epeople_case_supporter')
    .values({ case_id: caseId, person_id: personId, joined_at: now })
    .onConflict((oc) => oc.columns(['case_id', 'person_id']).doNothing())
    .returning('case_id')
    .execute();
  return rows.length === 1;
}

export async function countSupporters(db: DbOrTx, caseId: string): Promise<number> {
  const row = await db.selectFrom('epeople_case_supporter').select((eb) => eb.fn.countAll<number>().as('n')).where('case_id', '=', caseId).executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** Open cases of the given bodies whose draft answer waits for a supervisor, oldest draft first. */
export async function listPendingDrafts(db: DbOrTx, agencyIds: string[], limit = 200): Promise<CaseRow[]> {
  return db
    .selectFrom('epeople_case')
    .select(CASE_COLUMNS)
    .where('agency_id', 'in', agencyIds)
    .where('answer_review', '=', 'pending')
    .where('status', 'not in', ['answered', 'closed'])
    .orderBy('answer_drafted_at')
    .orderBy('id')
    .limit(limit)
    .execute();
}

/** The next `count` case numbers (raw sequence values, in order), in one statement. */
export async function nextCaseSequenceValues(db: DbOrTx, count: number): Promise<number[]> {
  const { rows } = await sql<{ n: string | number }>`select nextval('epeople_case_number_seq') as n from generate_series(1, ${count})`.execute(db);
  return rows.map((r) => Number(r.n));
}

/** The number shown for a sequence value, e.g. EP-2026-000042. */
export const formatCaseNumber = (year: number, n: number) => `EP-${year}-${String(n).padStart(6, '0')}`;

export async function insertCases(db: DbOrTx, rows: (NewCase & { number: string })[]): Promise<void> {
  if (rows.length > 0) await db.insertInto('epeople_case').values(rows).execute();
}

/** countRepeats for several (filer, content hash) pairs in one statement; keyed `filer\nhash`. */
export async function countRepeatsMany(db: DbOrTx, pairs: { filerId: string; contentHash: string }[]): Promise<Map<string, { filed: number; answered: number }>> {
  const out = new Map<string, { filed: number; answered: number }>();
  if (pairs.length === 0) return out;
  const rows = await db
    .selectFrom('epeople_case')
    .select((eb) => ['filer_id', 'content_hash', eb.fn.countAll<number>().as('filed'), eb.fn.count<number>('answered_at').as('answered')])
    .where('filer_id', 'in', [...new Set(pairs.map((p) => p.filerId))])
    .where('content_hash', 'in', [...new Set(pairs.map((p) => p.contentHash))])
    .groupBy(['filer_id', 'content_hash'])
    .execute();
  for (const r of rows) out.set(`${r.filer_id}\n${r.content_hash}`, { filed: Number(r.filed), answered: Number(r.answered) });
  return out;
}

export async function deleteDrafts(db: DbOrTx, personIds: string[]): Promise<void> {
  if (personIds.length > 0) await db.deleteFrom('epeople_draft').where('person_id', 'in', personIds).execute();
}
