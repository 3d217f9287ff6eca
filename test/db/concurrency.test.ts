import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { sql } from 'kysely';
import type { DatabaseHandle, Db, Tx } from '../../src/kernel/db/database.js';
import { testDatabaseKind } from '../support/database.js';
import { createTestDatabase } from './helpers.js';

class Rollback extends Error {}

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

async function labels(db: Db | Tx, prefix: string): Promise<string[]> {
  const result = await sql<{ label: string }>`select label from concurrency_row where label like ${`${prefix}%`} order by label`.execute(db);
  return result.rows.map((r) => r.label);
}

const insert = (db: Db | Tx, label: string) => sql`insert into concurrency_row (label) values (${label})`.execute(db);

describe(`concurrent work on the ${testDatabaseKind()} database`, () => {
  let database: DatabaseHandle;
  let db: Db;
  before(async () => {
    database = await createTestDatabase();
    db = database.db;
    await sql`create table concurrency_row (id serial primary key, label text not null)`.execute(db);
  });
  beforeEach(async () => {
    await sql`delete from concurrency_row`.execute(db);
  });
  after(() => database.close());

  test('queries issued while a transaction is open do not end up inside it', async () => {
    let opened!: () => void;
    const isOpen = new Promise<void>((resolve) => (opened = resolve));
    let letFinish!: () => void;
    const finish = new Promise<void>((resolve) => (letFinish = resolve));

    const rolledBack = db.transaction().execute(async (tx) => {
      await insert(tx, 'inside-1');
      opened();
      await finish;
      await insert(tx, 'inside-2');
      assert.deepEqual(await labels(tx, 'inside'), ['inside-1', 'inside-2']);
      throw new Rollback();
    });
    await isOpen;
    // Twenty unrelated requests arrive while the transaction waits.
    const outside = Promise.all(Array.from({ length: 20 }, (_, i) => insert(db, `outside-${String(i).padStart(2, '0')}`)));
    await nextTurn();
    letFinish();
    await assert.rejects(rolledBack, Rollback);
    await outside;

    assert.deepEqual(await labels(db, 'inside'), []);
    assert.equal((await labels(db, 'outside')).length, 20);
  });

  test('two transactions with interleaved awaits: the one that rolls back loses only its own rows', async () => {
    const work = async (name: string, fail: boolean) =>
      db.transaction().execute(async (tx) => {
        for (let i = 0; i < 5; i++) {
          await insert(tx, `${name}-${i}`);
          await nextTurn();
        }
        assert.equal((await labels(tx, name)).length, 5);
        if (fail) throw new Rollback();
      });
    const [kept, dropped] = await Promise.allSettled([work('kept', false), work('dropped', true)]);
    assert.equal(kept.status, 'fulfilled');
    assert.equal(dropped.status, 'rejected');
    assert.ok((dropped as PromiseRejectedResult).reason instanceof Rollback);
    assert.deepEqual(await labels(db, 'kept'), ['kept-0', 'kept-1', 'kept-2', 'kept-3', 'kept-4']);
    assert.deepEqual(await labels(db, 'dropped'), []);
  });

  test('many transactions and plain queries at once all complete with the right rows', async () => {
    const jobs = Array.from({ length: 30 }, (_, i) =>
      i % 3 === 0
        ? insert(db, `plain-${i}`)
        : db.transaction().execute(async (tx) => {
            await insert(tx, `tx-${i}`);
            await nextTurn();
            if (i % 3 === 2) throw new Rollback();
          }),
    );
    const settled = await Promise.allSettled(jobs);
    assert.equal(settled.filter((s) => s.status === 'rejected').length, 10);
    assert.equal((await labels(db, 'plain')).length, 10);
    assert.equal((await labels(db, 'tx')).length, 10);
  });
});
