import type { PGlite } from '@electric-sql/pglite';
import type { PostgresPool, PostgresPoolClient, PostgresQueryResult } from 'kysely';

/**
 * PGlite has one connection. Kysely's own PGlite driver sends any query issued while a
 * transaction is open into that transaction, even one from an unrelated request. This pool
 * hands out its single client to one holder at a time: a transaction keeps it from BEGIN to
 * COMMIT, and every other query waits its turn. Kysely's Postgres driver does the rest.
 */
export function createSerialPglitePool(pglite: PGlite): PostgresPool {
  let tail: Promise<void> = Promise.resolve();
  let closed = false;

  const client = {
    async query(sql: string, parameters?: ReadonlyArray<unknown>) {
      // Without parameters use the simple protocol, as pg does, so a migration file may hold
      // several statements.
      const result =
        parameters && parameters.length > 0
          ? await pglite.query(sql, parameters as unknown[])
          : ((await pglite.exec(sql)).at(-1) ?? { rows: [], affectedRows: 0, command: 'SELECT' });
      return {
        command: (result as { command?: string }).command as PostgresQueryResult<unknown>['command'],
        rowCount: result.affectedRows ?? result.rows.length,
        rows: result.rows,
      };
    },
  };

  return {
    options: {},
    async connect() {
      if (closed) throw new Error('The embedded database is closed.');
      let release!: () => void;
      const turn = new Promise<void>((resolve) => (release = resolve));
      const previous = tail;
      tail = previous.then(() => turn);
      await previous;
      let released = false;
      return {
        query: client.query as PostgresPoolClient['query'],
        release: () => {
          if (released) return;
          released = true;
          release();
        },
      } as PostgresPoolClient;
    },
    async end() {
      closed = true;
      await tail;
    },
  };
}
