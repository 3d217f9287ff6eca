import { sql, type Updateable } from 'kysely';
import type { DbOrTx, Tx } from '../../kernel/db/database.js';
import type { ServiceDefinition } from './gov24.catalogue.js';
import type { ApplicationEventRow, ApplicationRow, DocumentRow, Gov24ApplicationDocumentTable, Gov24ApplicationTable, ServiceRow } from './gov24.tables.js';

const SERVICE_COLUMNS = ['id', 'code', 'agency_id', 'category', 'life_event', 'age_group', 'is_applicable', 'current_version', 'name_en', 'name_ko', 'search_text'] as const;

export async function findServiceByCode(db: DbOrTx, code: string): Promise<ServiceRow | undefined> {
  return db.selectFrom('gov24_service').select(SERVICE_COLUMNS).where('code', '=', code).executeTakeFirst();
}

export async function findService(db: DbOrTx, id: string): Promise<ServiceRow | undefined> {
  return db.selectFrom('gov24_service').select(SERVICE_COLUMNS).where('id', '=', id).executeTakeFirst();
}

export async function insertService(db: DbOrTx, row: ServiceRow): Promise<void> {
  await db.insertInto('gov24_service').values(row).execute();
}

export async function updateService(db: DbOrTx, id: string, changes: Partial<ServiceRow>): Promise<void> {
  await db.updateTable('gov24_service').set(changes).where('id', '=', id).execute();
}

export async function insertServiceVersion(db: DbOrTx, serviceId: string, version: number, definition: ServiceDefinition, at: Date): Promise<void> {
  await db.insertInto('gov24_service_version').values({ service_id: serviceId, version, definition: JSON.stringify(definition), published_at: at }).execute();
}

export async function findServiceVersion(db: DbOrTx, serviceId: string, version: number): Promise<ServiceDefinition | undefined> {
  const row = await db.selectFrom('gov24_service_version').select('definition').where('service_id', '=', serviceId).where('version', '=', version).executeTakeFirst();
  return row?.definition;
}

export async function countServices(db: DbOrTx): Promise<{ all: number; applicable: number }> {
  const row = await db
    .selectFrom('gov24_service')
    .select((eb) => [eb.fn.countAll<number>().as('all'), eb.fn.count<number>(eb.case().when('is_applicable', '=', true).then(1).end()).as('applicable')])
    .executeTakeFirst();
  return { all: Number(row?.all ?? 0), applicable: Number(row?.applicable ?? 0) };
}

export interface BrowseFilters {
  category?: string | undefined;
  lifeEvent?: string | undefined;
  ageGroup?: string | undefined;
  applicableOnly?: boolean;
  limit: number;
  offset: number;
}

export async function browseServices(db: DbOrTx, f: BrowseFilters): Promise<{ rows: ServiceRow[]; total: number }> {
  let q = db.selectFrom('gov24_service');
  if (f.category) q = q.where('category', '=', f.category);
  if (f.lifeEvent) q = q.where('life_event', '=', f.lifeEvent);
  // A service for everyone is for every age group too.
  if (f.ageGroup) q = q.where('age_group', 'in', [f.ageGroup, 'all']);
  if (f.applicableOnly) q = q.where('is_applicable', '=', true);
  const rows = await q.select(SERVICE_COLUMNS).orderBy('is_applicable', 'desc').orderBy('code').limit(f.limit).offset(f.offset).execute();
  const total = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
  return { rows, total: Number(total?.n ?? 0) };
}

/**
 * Full-text match on the words, or a trigram match that forgives typos ("pasport", "여권발굽"):
 * ranked by the better of the two. `word_similarity` compares the query with the closest part
 * of the text, so a short query still matches a long description. Runs in its own transaction
 * (the threshold is set for that transaction only).
 */
export async function searchServices(tx: Tx, query: string, words: string[], limit: number): Promise<ServiceRow[]> {
  // `<%` is word_similarity >= this threshold, and unlike the function it can use the trigram index.
  await sql`select set_config('pg_trgm.word_similarity_threshold', '0.45', true)`.execute(tx);
  const db = tx;
  const tsquery = words.join(' | ');
  const text = tsquery === '' ? sql<boolean>`false` : sql<boolean>`search @@ to_tsquery('simple', ${tsquery})`;
  const rank = tsquery === '' ? sql<number>`0` : sql<number>`ts_rank(search, to_tsquery('simple', ${tsquery}))`;
  return db
    .selectFrom('gov24_service')
    .select(SERVICE_COLUMNS)
    .where((eb) => eb.or([text, sql<boolean>`${query} <% search_text`]))
    .orderBy(sql`greatest(${rank}, word_similarity(${query}, search_text))`, 'desc')
    .orderBy('is_applicable', 'desc')
    .orderBy('code')
    .limit(limit)
    .execute();
}

const APPLICATION_COLUMNS = [
  'id', 'number', 'service_id', 'service_version', 'applicant_id', 'agency_id', 'status', 'answers', 'consent', 'consented_at', 'facts', 'fee_krw',
  'payment_reference', 'document_sha256', 'subject_salt', 'submitted_at', 'due_at', 'assigned_official_id', 'decision', 'decision_reasons', 'decision_remedy',
  'decision_jws', 'decision_certificate_serial', 'decided_at', 'log_pending_id', 'bundle_id', 'bundle_code', 'bundle_part', 'created_at', 'updated_at',
] as const;

export type NewApplication = Omit<ApplicationRow, never>;

export async function insertApplication(db: DbOrTx, row: ApplicationRow): Promise<void> {
  await db
    .insertInto('gov24_application')
    .values({ ...row, answers: JSON.stringify(row.answers), consent: row.consent && JSON.stringify(row.consent), facts: row.facts && JSON.stringify(row.facts) })
    .execute();
}

export async function findApplication(db: DbOrTx, id: string, forUpdate = false): Promise<ApplicationRow | undefined> {
  const q = db.selectFrom('gov24_application').select(APPLICATION_COLUMNS).where('id', '=', id);
  return (forUpdate ? q.forUpdate() : q).executeTakeFirst();
}

type ApplicationChanges = Omit<Updateable<Gov24ApplicationTable>, 'answers' | 'consent' | 'facts'> & {
  answers?: Record<string, string>;
  consent?: ApplicationRow['consent'];
  facts?: ApplicationRow['facts'];
};

export async function updateApplication(db: DbOrTx, id: string, changes: ApplicationChanges): Promise<void> {
  const { answers, consent, facts, ...rest } = changes;
  await db
    .updateTable('gov24_application')
    .set({
      ...rest,
      ...(answers !== undefined ? { answers: JSON.stringify(answers) } : {}),
      ...(consent !== undefined ? { consent: consent && JSON.stringify(consent) } : {}),
      ...(facts !== undefined ? { facts: facts && JSON.stringify(facts) } : {}),
    })
    .where('id', '=', id)
    .execute();
}

export async function deleteApplication(db: DbOrTx, id: string): Promise<void> {
  await db.deleteFrom('gov24_application').where('id', '=', id).execute();
}

export async function findDraftOf(db: DbOrTx, applicantId: string, serviceId: string): Promise<ApplicationRow | undefined> {
  return db
    .selectFrom('gov24_application')
    .select(APPLICATION_COLUMNS)
    .where('applicant_id', '=', applicantId)
    .where('service_id', '=', serviceId)
    .where('status', '=', 'draft')
    .where('bundle_id', 'is', null)
    .orderBy('created_at', 'desc')
    .executeTakeFirst();
}

export async function listApplicationsOf(db: DbOrTx, applicantId: string): Promise<(ApplicationRow & { name_en: string; name_ko: string; code: string })[]> {
  return db
    .selectFrom('gov24_application as a')
    .innerJoin('gov24_service as s', 's.id', 'a.service_id')
    .select(APPLICATION_COLUMNS.map((c) => `a.${c}` as const))
    .select(['s.name_en', 's.name_ko', 's.code'])
    .where('a.applicant_id', '=', applicantId)
    .orderBy('a.updated_at', 'desc')
    .orderBy('a.id')
    .limit(200)
    .execute();
}

/** An agency's open applications, soonest due first (the work queue). */
export async function listQueue(db: DbOrTx, agencyId: string): Promise<(ApplicationRow & { name_en: string; name_ko: string })[]> {
  return db
    .selectFrom('gov24_application as a')
    .innerJoin('gov24_service as s', 's.id', 'a.service_id')
    .select(APPLICATION_COLUMNS.map((c) => `a.${c}` as const))
    .select(['s.name_en', 's.name_ko'])
    .where('a.agency_id', '=', agencyId)
    .where('a.status', 'in', ['received', 'assigned', 'in_review', 'supplement_requested'])
    .orderBy('a.due_at')
    .orderBy('a.id')
    .limit(200)
    .execute();
}

export async function nextApplicationNumber(db: DbOrTx, year: number): Promise<string> {
  const { rows } = await sql<{ n: string | number }>`select nextval('gov24_application_number_seq') as n`.execute(db);
  return `G24-${year}-${String(rows[0]!.n).padStart(6, '0')}`;
}

export async function insertEvent(db: DbOrTx, event: Omit<ApplicationEventRow, 'id'>): Promise<void> {
  await db.insertInto('gov24_application_event').values(event).execute();
}

export async function listEvents(db: DbOrTx, applicationId: string): Promise<ApplicationEventRow[]> {
  return db.selectFrom('gov24_application_event').selectAll().where('application_id', '=', applicationId).orderBy('id').execute();
}

/** The newest step of an application (live status polls this), or undefined before the first. */
export async function latestEvent(db: DbOrTx, applicationId: string): Promise<Pick<ApplicationEventRow, 'id' | 'kind'> | undefined> {
  return db.selectFrom('gov24_application_event').select(['id', 'kind']).where('application_id', '=', applicationId).orderBy('id', 'desc').limit(1).executeTakeFirst();
}

const DOCUMENT_COLUMNS = ['application_id', 'name', 'filename', 'content_type', 'size_bytes', 'sha256', 'uploaded_at'] as const;

/** Stores (or replaces) one uploaded document of an application. */
export async function saveDocument(db: DbOrTx, row: Gov24ApplicationDocumentTable): Promise<void> {
  const { application_id: _a, name: _n, ...rest } = row;
  await db.insertInto('gov24_application_document').values(row).onConflict((oc) => oc.columns(['application_id', 'name']).doUpdateSet(rest)).execute();
}

export async function listDocuments(db: DbOrTx, applicationId: string): Promise<DocumentRow[]> {
  return db.selectFrom('gov24_application_document').select(DOCUMENT_COLUMNS).where('application_id', '=', applicationId).orderBy('name').execute();
}

export async function findDocumentContent(db: DbOrTx, applicationId: string, name: string): Promise<(DocumentRow & { content: Uint8Array }) | undefined> {
  return db.selectFrom('gov24_application_document').select([...DOCUMENT_COLUMNS, 'content']).where('application_id', '=', applicationId).where('name', '=', name).executeTakeFirst();
}

/** The parts of a bundle, in the order they were created. */
export async function listBundleParts(db: DbOrTx, bundleId: string): Promise<(ApplicationRow & { name_en: string; name_ko: string; code: string })[]> {
  return db
    .selectFrom('gov24_application as a')
    .innerJoin('gov24_service as s', 's.id', 'a.service_id')
    .select(APPLICATION_COLUMNS.map((c) => `a.${c}` as const))
    .select(['s.name_en', 's.name_ko', 's.code'])
    .where('a.bundle_id', '=', bundleId)
    .orderBy('a.bundle_part')
    .orderBy('a.id')
    .execute();
}
