import type { DbOrTx } from '../kernel/db/database.js';

/**
 * The few reads the demo loader needs beyond the identity service. Writes go through the
 * identity service, which encrypts and hashes national id numbers.
 */
export function createDemoCountryRepository(db: DbOrTx) {
  return {
    async hasOrganisationCode(code: string): Promise<boolean> {
      const row = await db.selectFrom('organisation').select('id').where('code', '=', code).executeTakeFirst();
      return row !== undefined;
    },

    async countOrganisations(): Promise<number> {
      const row = await db
        .selectFrom('organisation')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },

    /** Which of `ids` are already people: a retried load skips them. */
    async existingPersonIds(ids: string[]): Promise<Set<string>> {
      if (ids.length === 0) return new Set();
      const rows = await db.selectFrom('person').select('id').where('id', 'in', ids).execute();
      return new Set(rows.map((r) => r.id));
    },
  };
}
