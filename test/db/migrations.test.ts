import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { MigrationError, migrate, pendingMigrations, readMigrations, type MigrationSource } from '../../src/kernel/db/migrator.js';
import { migrationSourcesFor } from '../../src/kernel/kernel.js';
import { allModules } from '../../src/modules/index.js';
import { openFreshDatabase, tempDir } from './helpers.js';

const where = process.env.NARA_TEST_POSTGRES_URL ? 'a fresh PostgreSQL database' : 'a fresh embedded database in a folder';

describe(`migrations on ${where}`, () => {
  test('every migration applies once, survives a reopen, and a second run applies nothing', async () => {
    const sources = migrationSourcesFor(allModules);
    const fresh = await openFreshDatabase();
    try {
      const applied = await migrate(fresh.handle.db, sources);
      assert.equal(applied.length, readMigrations(sources).length);
      const reopened = await fresh.reopen();
      assert.deepEqual(await pendingMigrations(reopened.db, sources), []);
      assert.deepEqual(await migrate(reopened.db, sources), []);
      const recorded = await sql<{ n: number }>`select count(*)::int as n from nara_migration`.execute(reopened.db);
      assert.equal(recorded.rows[0]?.n, applied.length);
    } finally {
      await fresh.dispose();
    }
  });
});

describe('migration files are checked', () => {
  let fresh: Awaited<ReturnType<typeof openFreshDatabase>>;
  let dir: string;
  let source: MigrationSource;
  before(async () => {
    fresh = await openFreshDatabase();
    dir = tempDir('nara-migrations-');
    source = { owner: 'test.things', dir };
  });
  after(async () => {
    await fresh.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('a new migration is reported pending, then applied', async () => {
    fs.writeFileSync(path.join(dir, '0001_create_things.sql'), 'create table test_thing (id int primary key);\ninsert into test_thing values (1);\n');
    assert.deepEqual((await pendingMigrations(fresh.handle.db, [source])).map((m) => m.name), ['0001_create_things.sql']);
    assert.equal((await migrate(fresh.handle.db, [source])).length, 1);
    assert.deepEqual(await migrate(fresh.handle.db, [source]), []);
  });

  test('a changed applied migration is refused with a message that says what to do', async () => {
    fs.writeFileSync(path.join(dir, '0001_create_things.sql'), 'create table test_thing (id bigint primary key);\n');
    const refused = (error: unknown) => {
      assert.ok(error instanceof MigrationError);
      assert.match(error.message, /Migration test\.things\/0001_create_things\.sql was changed after it was applied/);
      assert.match(error.message, /restore the file and add a new migration instead/);
      return true;
    };
    await assert.rejects(migrate(fresh.handle.db, [source]), refused);
    await assert.rejects(pendingMigrations(fresh.handle.db, [source]), refused);
  });

  test('a migration that fails rolls back the whole run and names the file', async () => {
    fs.writeFileSync(path.join(dir, '0001_create_things.sql'), 'create table test_thing (id int primary key);\ninsert into test_thing values (1);\n');
    fs.writeFileSync(path.join(dir, '0002_add_column.sql'), 'alter table test_thing add column label text;\n');
    fs.writeFileSync(path.join(dir, '0003_broken.sql'), 'alter table no_such_table add column x int;\n');
    await assert.rejects(migrate(fresh.handle.db, [source]), /Migration test\.things\/0003_broken\.sql failed/);
    const pending = await pendingMigrations(fresh.handle.db, [source]);
    assert.deepEqual(pending.map((m) => m.name), ['0002_add_column.sql', '0003_broken.sql']);
    fs.rmSync(path.join(dir, '0003_broken.sql'));
  });

  test('a migration file with a malformed name is refused', async () => {
    fs.writeFileSync(path.join(dir, '3_Add-Things.sql'), 'select 1;\n');
    try {
      await assert.rejects(
        migrate(fresh.handle.db, [source]),
        (error: unknown) => error instanceof MigrationError && /test\.things\/3_Add-Things\.sql must be named like 0001_create_things\.sql/.test(error.message),
      );
    } finally {
      fs.rmSync(path.join(dir, '3_Add-Things.sql'));
    }
  });

  test('two sources with the same owner are refused', () => {
    assert.throws(() => readMigrations([source, { owner: 'test.things', dir }]), /Two migration sources are named "test\.things"/);
  });
});
