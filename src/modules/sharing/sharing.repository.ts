import type { Insertable, Updateable } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import type { DbOrTx } from '../../kernel/db/database.js';
import type { Database } from '../../kernel/db/schema.js';
import type { AccessRow, AlertRow, ApprovalRow, ItemRow, MessageRow, SharingAccessTable, SharingApprovalTable, SharingItemTable, SharingAlertTable, SharingMessageTable } from './sharing.tables.js';

type RegistryTable =
  | 'sharing_resident'
  | 'sharing_address'
  | 'sharing_family_relation'
  | 'sharing_income_tax'
  | 'sharing_military_service'
  | 'sharing_vehicle'
  | 'sharing_licence'
  | 'sharing_property'
  | 'sharing_business'
  | 'sharing_welfare_status';

/** Demo registry rows, a table at a time (the seed). */
export async function insertRegistryRows<T extends RegistryTable>(db: DbOrTx, table: T, rows: Insertable<Database[T]>[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- Kysely cannot narrow a table union for insert values
    await db.insertInto(table).values(rows.slice(i, i + 500) as any).execute();
  }
}

export async function countResidents(db: DbOrTx): Promise<number> {
  const row = await db.selectFrom('sharing_resident').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function insertItems(db: DbOrTx, rows: Insertable<SharingItemTable>[]): Promise<void> {
  if (rows.length > 0) await db.insertInto('sharing_item').values(rows).onConflict((oc) => oc.columns(['code', 'version']).doNothing()).execute();
}

export function listItems(db: DbOrTx): Promise<ItemRow[]> {
  return db.selectFrom('sharing_item').selectAll().orderBy('code').orderBy('version', 'desc').execute();
}

export function findLatestItem(db: DbOrTx, code: string): Promise<ItemRow | undefined> {
  return db.selectFrom('sharing_item').selectAll().where('code', '=', code).orderBy('version', 'desc').limit(1).executeTakeFirst();
}

export async function insertApproval(db: DbOrTx, row: Insertable<SharingApprovalTable>): Promise<void> {
  await db.insertInto('sharing_approval').values(row).onConflict((oc) => oc.column('id').doNothing()).execute();
}

export function findApproval(db: DbOrTx, id: string): Promise<ApprovalRow | undefined> {
  return db.selectFrom('sharing_approval').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function updateApproval(db: DbOrTx, id: string, changes: Updateable<SharingApprovalTable>): Promise<void> {
  await db.updateTable('sharing_approval').set(changes).where('id', '=', id).execute();
}

export function listApprovals(db: DbOrTx, filter: { status?: string } = {}): Promise<ApprovalRow[]> {
  let q = db.selectFrom('sharing_approval').selectAll();
  if (filter.status) q = q.where('status', '=', filter.status);
  return q.orderBy('consumer_id').orderBy('service_code').orderBy('item_code').orderBy('applied_at').execute();
}

/** Every approval (any status) a consumer holds for one service. */
export function approvalsForService(db: DbOrTx, consumerId: string, serviceCode: string): Promise<ApprovalRow[]> {
  return db.selectFrom('sharing_approval').selectAll().where('consumer_id', '=', consumerId).where('service_code', '=', serviceCode).orderBy('item_code').execute();
}

export async function insertAccess(db: DbOrTx, row: Insertable<SharingAccessTable>): Promise<void> {
  await db.insertInto('sharing_access').values(row).execute();
}

/** Several access records in one statement (group commits). */
export async function insertAccesses(db: DbOrTx, rows: Insertable<SharingAccessTable>[]): Promise<void> {
  if (rows.length > 0) await db.insertInto('sharing_access').values(rows).execute();
}

export async function setAccessLogId(db: DbOrTx, id: string, pendingId: number): Promise<void> {
  await db.updateTable('sharing_access').set({ log_pending_id: pendingId }).where('id', '=', id).execute();
}

export function listAccessesOfPerson(db: DbOrTx, personId: string, limit = 200): Promise<AccessRow[]> {
  return db.selectFrom('sharing_access').selectAll().where('person_id', '=', personId).orderBy('at', 'desc').orderBy('id').limit(limit).execute();
}

export function findAccess(db: DbOrTx, id: string): Promise<AccessRow | undefined> {
  return db.selectFrom('sharing_access').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertMessages(db: DbOrTx, rows: Insertable<SharingMessageTable>[]): Promise<void> {
  if (rows.length > 0) await db.insertInto('sharing_message').values(rows).execute();
}

export function listMessages(db: DbOrTx, accessId: string): Promise<MessageRow[]> {
  return db.selectFrom('sharing_message').selectAll().where('access_id', '=', accessId).orderBy('id').execute();
}

/** Lookups (any result) by an official, or by every official of an agency, since `since`. */
export async function countLookupsSince(db: DbOrTx, by: { officialId: string } | { consumerId: string }, since: Date): Promise<number> {
  let q = db.selectFrom('sharing_access').select((eb) => eb.fn.countAll<number>().as('n')).where('at', '>=', since);
  q = 'officialId' in by ? q.where('official_id', '=', by.officialId) : q.where('consumer_id', '=', by.consumerId);
  return Number((await q.executeTakeFirstOrThrow()).n);
}

/** People an official looked up since `since` (granted or refused), for the monitoring rule. */
export async function countPeopleLookedUpBy(db: DbOrTx, officialId: string, since: Date): Promise<number> {
  const row = await db
    .selectFrom('sharing_access')
    .select((eb) => eb.fn.count<number>('person_id').distinct().as('n'))
    .where('official_id', '=', officialId)
    .where('at', '>=', since)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** What one registry holds about a person, as the item's fields; undefined when the registry has no record. */
export async function readItem(db: DbOrTx, itemCode: string, personId: string): Promise<Record<string, unknown> | undefined> {
  switch (itemCode) {
    case 'resident-registration': {
      // One round trip: the address history and the household come along as JSON arrays.
      const r = await db
        .selectFrom('sharing_resident as r')
        .select(['r.name', 'r.birth_date'])
        .select((eb) => [
          jsonArrayFrom(eb.selectFrom('sharing_address as a').select(['a.address', 'a.moved_in_on', 'a.moved_out_on']).whereRef('a.person_id', '=', 'r.person_id').orderBy('a.moved_in_on')).as('addresses'),
          jsonArrayFrom(eb.selectFrom('sharing_resident as m').select(['m.name', 'm.is_household_head']).whereRef('m.household_id', '=', 'r.household_id').orderBy('m.is_household_head', 'desc').orderBy('m.name')).as('members'),
        ])
        .where('r.person_id', '=', personId)
        .executeTakeFirst();
      if (!r) return undefined;
      const { addresses, members } = r;
      return {
        name: r.name,
        birthDate: r.birth_date,
        currentAddress: addresses.find((a) => a.moved_out_on === null)?.address ?? null,
        addressHistory: addresses.map((a) => ({ address: a.address, movedInOn: a.moved_in_on, movedOutOn: a.moved_out_on })),
        householdMembers: members.map((m) => ({ name: m.name, isHead: m.is_household_head })),
      };
    }
    case 'family-relations': {
      const rows = await db
        .selectFrom('sharing_family_relation as f')
        .innerJoin('sharing_resident as r', 'r.person_id', 'f.relative_id')
        .select(['f.relation', 'r.name', 'r.birth_date'])
        .where('f.person_id', '=', personId)
        .orderBy('r.birth_date')
        .execute();
      const of = (relation: string) => rows.filter((x) => x.relation === relation).map((x) => ({ name: x.name, birthDate: x.birth_date }));
      return { parents: of('parent'), spouse: of('spouse')[0] ?? null, children: of('child') };
    }
    case 'income-tax': {
      const r = await db.selectFrom('sharing_income_tax').selectAll().where('person_id', '=', personId).orderBy('tax_year', 'desc').limit(1).executeTakeFirst();
      return r && { taxYear: r.tax_year, annualIncome: r.annual_income, unpaidNationalTax: r.unpaid_national_tax, unpaidLocalTax: r.unpaid_local_tax };
    }
    case 'military-service': {
      const r = await db.selectFrom('sharing_military_service').selectAll().where('person_id', '=', personId).executeTakeFirst();
      return r && { status: r.status, branch: r.branch, dischargedOn: r.discharged_on };
    }
    case 'vehicles': {
      const rows = await db.selectFrom('sharing_vehicle').select(['plate', 'model', 'registered_on']).where('owner_id', '=', personId).orderBy('plate').execute();
      return { vehicles: rows.map((v) => ({ plate: v.plate, model: v.model, registeredOn: v.registered_on })) };
    }
    case 'driving-licences': {
      const rows = await db.selectFrom('sharing_licence').select(['licence_code', 'issued_on']).where('person_id', '=', personId).orderBy('licence_code').execute();
      return { licences: rows.map((l) => ({ code: l.licence_code, issuedOn: l.issued_on })) };
    }
    case 'land-buildings': {
      const rows = await db.selectFrom('sharing_property').select(['kind', 'address', 'area_m2', 'assessed_value']).where('owner_id', '=', personId).orderBy('id').execute();
      return {
        properties: rows.map((p) => ({ kind: p.kind, address: p.address, areaM2: p.area_m2, assessedValue: p.assessed_value })),
        totalAssessedValue: rows.reduce((sum, p) => sum + p.assessed_value, 0),
      };
    }
    case 'business-registration': {
      const rows = await db.selectFrom('sharing_business').select(['registration_number', 'trade_name', 'status', 'opened_on']).where('owner_id', '=', personId).orderBy('registration_number').execute();
      return { businesses: rows.map((b) => ({ registrationNumber: b.registration_number, tradeName: b.trade_name, status: b.status, openedOn: b.opened_on })) };
    }
    case 'welfare-status': {
      const r = await db.selectFrom('sharing_welfare_status').selectAll().where('person_id', '=', personId).executeTakeFirst();
      return r && { disabilityRegistered: r.disability_registered, disabilitySeverity: r.disability_severity, basicLivelihood: r.basic_livelihood };
    }
    default:
      return undefined;
  }
}

export async function insertAlert(db: DbOrTx, row: Insertable<SharingAlertTable>): Promise<void> {
  await db.insertInto('sharing_alert').values(row).execute();
}

/** The official's latest alert of a kind raised at or after `since`. */
export function latestAlertOf(db: DbOrTx, officialId: string, kind: string, since: Date): Promise<AlertRow | undefined> {
  return db.selectFrom('sharing_alert').selectAll().where('official_id', '=', officialId).where('kind', '=', kind).where('raised_at', '>=', since).orderBy('raised_at', 'desc').limit(1).executeTakeFirst();
}

export function listAlerts(db: DbOrTx, limit = 100): Promise<AlertRow[]> {
  return db.selectFrom('sharing_alert').selectAll().orderBy('raised_at', 'desc').orderBy('id').limit(limit).execute();
}

export function findAlert(db: DbOrTx, id: string): Promise<AlertRow | undefined> {
  return db.selectFrom('sharing_alert').selectAll().where('id', '=', id).executeTakeFirst();
}

export function listAccessesOfOfficial(db: DbOrTx, officialId: string, since: Date, limit = 200): Promise<AccessRow[]> {
  return db.selectFrom('sharing_access').selectAll().where('official_id', '=', officialId).where('at', '>=', since).orderBy('at', 'desc').orderBy('id').limit(limit).execute();
}

/** Records several node request ids at once; returns those that were new (the others are replays). */
export async function claimNodeRequests(db: DbOrTx, rows: { request_id: string; consumer_id: string; received_at: Date }[]): Promise<Set<string>> {
  const inserted = await db.insertInto('sharing_node_request').values(rows).onConflict((oc) => oc.column('request_id').doNothing()).returning('request_id').execute();
  return new Set(inserted.map((r) => r.request_id));
}

export type { AccessRow, AlertRow, ApprovalRow, ItemRow, MessageRow };
