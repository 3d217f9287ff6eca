/**
 * The database schema as Kysely sees it. Each kernel part and module adds its own tables by
 * declaration merging in its `*.tables.ts` file, next to the migrations that create them:
 *
 *   declare module '../db/schema.js' { interface Database { person: PersonTable } }
 *
 * so the table types live with their owner and this file never imports a module.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface Database {}
