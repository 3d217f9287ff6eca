import { sql, type Insertable } from 'kysely';
import type { DbOrTx } from '../db/database.js';
import type { Locale } from '../i18n/locales.js';
import type {
  BusinessMemberTable,
  NewOrganisation,
  OfficialTable,
  Organisation,
  PersonTable,
  RoleGrantTable,
  RoleName,
} from './identity.tables.js';

/** A person as the rest of Nara reads one: never the NIN columns. */
export interface PersonRecord {
  id: string;
  displayName: string;
  givenName: string;
  familyName: string;
  birthDate: string | null;
  email: string | null;
  phone: string | null;
  addressLine1: string | null;
  addressLine2: string | null;
  addressTown: string | null;
  addressPostcode: string | null;
  locale: Locale;
  createdAt: Date;
}

export interface RoleGrant {
  role: RoleName;
  organisationId: string | null;
}

export interface OfficialPost {
  personId: string;
  organisationId: string;
  title: string;
  unit: string | null;
  active: boolean;
}

const personColumns = [
  'person.id',
  'person.display_name',
  'person.given_name',
  'person.family_name',
  sql<string | null>`to_char(person.birth_date, 'YYYY-MM-DD')`.as('birth_date'),
  'person.email',
  'person.phone',
  'person.address_line1',
  'person.address_line2',
  'person.address_town',
  'person.address_postcode',
  'person.locale',
  'person.created_at',
] as const;

type PersonRow = {
  id: string;
  display_name: string;
  given_name: string;
  family_name: string;
  birth_date: string | null;
  email: string | null;
  phone: string | null;
  address_line1: string | null;
  address_line2: string | null;
  address_town: string | null;
  address_postcode: string | null;
  locale: Locale;
  created_at: Date;
};

const toPerson = (r: PersonRow): PersonRecord => ({
  id: r.id,
  displayName: r.display_name,
  givenName: r.given_name,
  familyName: r.family_name,
  birthDate: r.birth_date,
  email: r.email,
  phone: r.phone,
  addressLine1: r.address_line1,
  addressLine2: r.address_line2,
  addressTown: r.address_town,
  addressPostcode: r.address_postcode,
  locale: r.locale,
  createdAt: r.created_at,
});

/** Rows per INSERT: well under PostgreSQL's 65535 bind-parameter limit for every table here. */
const CHUNK = 500;

async function insertChunked<T>(rows: T[], insert: (chunk: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) await insert(rows.slice(i, i + CHUNK));
}

export function createIdentityRepository(db: DbOrTx) {
  return {
    async insertOrganisations(rows: NewOrganisation[]): Promise<void> {
      await insertChunked(rows, (chunk) => db.insertInto('organisation').values(chunk).execute());
    },

    findOrganisation(id: string): Promise<Organisation | undefined> {
      return db.selectFrom('organisation').selectAll().where('id', '=', id).executeTakeFirst();
    },

    listOrganisations(kind?: Organisation['kind']): Promise<Organisation[]> {
      let q = db.selectFrom('organisation').selectAll().orderBy('code');
      if (kind) q = q.where('kind', '=', kind);
      return q.execute();
    },

    /** The organisation and its ancestors, nearest first. */
    async organisationChain(id: string): Promise<Organisation[]> {
      const result = await sql<Organisation & { depth: number }>`
        with recursive chain as (
          select o.*, 0 as depth from organisation o where o.id = ${id}
          union all
          select p.*, chain.depth + 1 from organisation p join chain on p.id = chain.parent_id where chain.depth < 32
        )
        select * from chain order by depth`.execute(db);
      return result.rows.map(({ depth: _depth, ...o }) => o);
    },

    /** Ids of the organisation and everything under it. */
    async organisationSubtree(id: string): Promise<string[]> {
      const result = await sql<{ id: string }>`
        with recursive tree as (
          select id, 0 as depth from organisation where id = ${id}
          union all
          select o.id, tree.depth + 1 from organisation o join tree on o.parent_id = tree.id where tree.depth < 32
        )
        select id from tree`.execute(db);
      return result.rows.map((r) => r.id);
    },

    listChildOrganisations(parentId: string): Promise<Organisation[]> {
      return db.selectFrom('organisation').selectAll().where('parent_id', '=', parentId).orderBy('code').execute();
    },

    async insertPeople(rows: Insertable<PersonTable>[]): Promise<void> {
      await insertChunked(rows, (chunk) => db.insertInto('person').values(chunk).execute());
    },

    async findPerson(id: string): Promise<PersonRecord | undefined> {
      const row = await db.selectFrom('person').select(personColumns).where('id', '=', id).executeTakeFirst();
      return row ? toPerson(row as PersonRow) : undefined;
    },

    async findPersonIdByNinHash(ninHash: string): Promise<string | undefined> {
      const row = await db.selectFrom('person').select('id').where('nin_hash', '=', ninHash).executeTakeFirst();
      return row?.id;
    },

    async ninCiphertextOf(personId: string): Promise<string | null | undefined> {
      const row = await db.selectFrom('person').select('nin_ciphertext').where('id', '=', personId).executeTakeFirst();
      return row?.nin_ciphertext;
    },

    async updateContact(
      personId: string,
      changes: { email?: string | null; phone?: string | null; locale?: Locale },
      now: Date,
    ): Promise<void> {
      await db.updateTable('person').set({ ...changes, updated_at: now }).where('id', '=', personId).execute();
    },

    /** People holding `role` (anywhere), oldest first, with the grant's organisation. */
    async listPeopleWithRole(role: RoleName, limit: number): Promise<(PersonRecord & { organisationId: string | null })[]> {
      const rows = await db
        .selectFrom('role_grant')
        .innerJoin('person', 'person.id', 'role_grant.person_id')
        .select([...personColumns, 'role_grant.organisation_id'])
        .where('role_grant.role', '=', role)
        .orderBy('person.created_at')
        .orderBy('person.id')
        .limit(limit)
        .execute();
      return rows.map((r) => ({ ...toPerson(r as PersonRow), organisationId: r.organisation_id }));
    },

    async insertOfficials(rows: Insertable<OfficialTable>[]): Promise<void> {
      await insertChunked(rows, (chunk) =>
        db
          .insertInto('official')
          .values(chunk)
          .onConflict((oc) =>
            oc.columns(['person_id', 'organisation_id']).doUpdateSet((eb) => ({
              title: eb.ref('excluded.title'),
              unit: eb.ref('excluded.unit'),
              active: eb.ref('excluded.active'),
            })),
          )
          .execute(),
      );
    },

    async officialPostsOf(personId: string): Promise<OfficialPost[]> {
      const rows = await db
        .selectFrom('official')
        .selectAll()
        .where('person_id', '=', personId)
        .where('active', '=', true)
        .orderBy('organisation_id')
        .execute();
      return rows.map((r) => ({ personId: r.person_id, organisationId: r.organisation_id, title: r.title, unit: r.unit, active: r.active }));
    },

    /** Officials of one agency with their names, for the agency admin page. */
    async listOfficialsOf(organisationId: string): Promise<(OfficialPost & { displayName: string })[]> {
      const rows = await db
        .selectFrom('official')
        .innerJoin('person', 'person.id', 'official.person_id')
        .select(['official.person_id', 'official.organisation_id', 'official.title', 'official.unit', 'official.active', 'person.display_name'])
        .where('official.organisation_id', '=', organisationId)
        .orderBy('person.display_name')
        .orderBy('official.person_id')
        .execute();
      return rows.map((r) => ({
        personId: r.person_id,
        organisationId: r.organisation_id,
        title: r.title,
        unit: r.unit,
        active: r.active,
        displayName: r.display_name,
      }));
    },

    async insertRoleGrants(rows: Insertable<RoleGrantTable>[]): Promise<void> {
      await insertChunked(rows, (chunk) =>
        db.insertInto('role_grant').values(chunk).onConflict((oc) => oc.doNothing()).execute(),
      );
    },

    async revokeRole(personId: string, role: RoleName, organisationId: string | null): Promise<void> {
      await db
        .deleteFrom('role_grant')
        .where('person_id', '=', personId)
        .where('role', '=', role)
        .where((eb) => (organisationId === null ? eb('organisation_id', 'is', null) : eb('organisation_id', '=', organisationId)))
        .execute();
    },

    async rolesOf(personId: string): Promise<RoleGrant[]> {
      const rows = await db
        .selectFrom('role_grant')
        .select(['role', 'organisation_id'])
        .where('person_id', '=', personId)
        .orderBy('role')
        .orderBy('organisation_id')
        .execute();
      return rows.map((r) => ({ role: r.role, organisationId: r.organisation_id }));
    },

    /** Role grants of every person in `personIds`, grouped by person. */
    async rolesOfMany(personIds: string[]): Promise<Map<string, RoleGrant[]>> {
      const out = new Map<string, RoleGrant[]>();
      if (personIds.length === 0) return out;
      const rows = await db
        .selectFrom('role_grant')
        .select(['person_id', 'role', 'organisation_id'])
        .where('person_id', 'in', personIds)
        .orderBy('role')
        .execute();
      for (const r of rows) {
        const list = out.get(r.person_id) ?? [];
        list.push({ role: r.role, organisationId: r.organisation_id });
        out.set(r.person_id, list);
      }
      return out;
    },

    async insertBusinessMembers(rows: Insertable<BusinessMemberTable>[]): Promise<void> {
      await insertChunked(rows, (chunk) =>
        db.insertInto('business_member').values(chunk).onConflict((oc) => oc.doNothing()).execute(),
      );
    },

    async businessesOf(personId: string): Promise<string[]> {
      const rows = await db.selectFrom('business_member').select('organisation_id').where('person_id', '=', personId).execute();
      return rows.map((r) => r.organisation_id);
    },
  };
}

export type IdentityRepository = ReturnType<typeof createIdentityRepository>;
