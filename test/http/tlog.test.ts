import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { inTransaction } from '../../src/kernel/db/database.js';
import { createLogger } from '../../src/kernel/http/logger.js';
import type { LogEvent } from '../../src/kernel/trust/log/log.events.js';
import { SEQUENCER_LOCK_KEY } from '../../src/kernel/trust/log/log.repository.js';
import { createTransparencyLog } from '../../src/kernel/trust/log/log.service.js';
import {
  commitment,
  consistencyProofFromTiles,
  entryBundlePath,
  openCheckpoint,
  parseVerifierKey,
  partialTilesForSize,
  tilePath,
  treeHashFromTiles,
  verifyConsistency,
  verifyEntryBundle,
  verifyReceipt,
  type Checkpoint,
  type TileReader,
} from '../../src/kernel/trust/tlog/index.js';
import { createTestNara, type TestNara } from '../support/nara.js';

let nara: TestNara;
let logKey: string;

const hex = (text: string) => createHash('sha256').update(text).digest('hex');
const event = (i: number, extra: Partial<LogEvent> = {}): LogEvent => ({
  type: 'test.thing-happened',
  at: new Date(Date.UTC(2026, 2, 2, 0, 0, 0, i)).toISOString(),
  agency: 'org_testagency01',
  refs: { documentId: `doc_${String(i).padStart(8, '0')}`, sha256: `sha256:${hex(String(i))}` },
  ...extra,
});

const tlog = () => nara.kernel.transparencyLog;

async function get(path: string): Promise<Response> {
  return nara.app.request(path);
}

const httpTiles: TileReader = {
  async readTile(level, index, width) {
    const res = await get(`/log/${tilePath({ level, index, width })}`);
    assert.equal(res.status, 200, `tile ${level}/${index}/${width}`);
    return new Uint8Array(await res.arrayBuffer());
  },
};

async function servedCheckpoint(): Promise<Checkpoint> {
  const res = await get('/log/checkpoint');
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'text/plain; charset=utf-8');
  return openCheckpoint(await res.text(), [parseVerifierKey(logKey)]).checkpoint;
}

async function appendMany(from: number, count: number): Promise<number[]> {
  const ids: number[] = [];
  for (let i = from; i < from + count; i++) ids.push(await tlog().append(event(i)));
  return ids;
}

before(async () => {
  nara = await createTestNara({ config: { publicUrl: 'https://nara.example.go.kr' } });
  const res = await get('/.well-known/nara/log-key');
  assert.equal(res.status, 200);
  logKey = await res.text();
});
after(() => nara.close());

describe('transparency log', () => {
  test('the verifier key is named after the log origin, and the empty log has a signed checkpoint', async () => {
    assert.match(logKey, /^nara\.example\.go\.kr\/log\+[0-9a-f]{8}\+[A-Za-z0-9+/]+=*$/);
    const checkpoint = await servedCheckpoint();
    assert.equal(checkpoint.origin, 'nara.example.go.kr/log');
    assert.equal(checkpoint.size, 0);
  });

  test('append, sequence: the receipt verifies with the served key, by API and in process', async () => {
    const pendingId = await tlog().append(event(0, { subject: commitment({ person: 'per_abc' }, new Uint8Array(32).fill(1)) }));
    const result = await tlog().sequenceOnce();
    assert.equal(result.sequenced, 1);
    const index = await tlog().awaitIndex(pendingId);
    const res = await get(`/api/v1/log/receipts/${index}`);
    assert.equal(res.status, 200);
    const receipt = await res.json();
    assert.equal(receipt.entry.type, 'test.thing-happened');
    const verified = verifyReceipt(receipt, logKey);
    assert.equal(verified.index, index);
    assert.equal(verified.checkpoint.size, 1);
    verifyReceipt(await tlog().awaitIntegration(pendingId), logKey);
    assert.equal((await get('/api/v1/log/receipts/99')).status, 404);
    const bad = await get('/api/v1/log/receipts/minus-one');
    assert.equal(bad.status, 422);
  });

  test('tiles and bundles served over HTTP recompute every checkpoint; consecutive checkpoints are consistent', async () => {
    const seen: Checkpoint[] = [await servedCheckpoint()];
    // Sizes 1 → 6 → 300 (crosses a full tile) → 512 (two full tiles, a level-1 tile) → 515.
    for (const count of [5, 294, 212, 3]) {
      await appendMany(seen.at(-1)!.size, count);
      while ((await tlog().sequenceOnce()).sequenced > 0);
      seen.push(await servedCheckpoint());
    }
    assert.deepEqual(seen.map((c) => c.size), [1, 6, 300, 512, 515]);
    for (const [i, checkpoint] of seen.entries()) {
      assert.deepEqual(Buffer.from(await treeHashFromTiles(checkpoint.size, httpTiles)), Buffer.from(checkpoint.rootHash), `root at ${checkpoint.size}`);
      for (const partial of partialTilesForSize(checkpoint.size)) {
        assert.equal((await get(`/log/${tilePath(partial)}`)).status, 200);
        if (partial.level > 0) continue;
        const bundle = await get(`/log/${entryBundlePath(partial.index, partial.width)}`);
        assert.equal(bundle.status, 200);
        const tile = await httpTiles.readTile(0, partial.index, partial.width);
        verifyEntryBundle(new Uint8Array(await bundle.arrayBuffer()), tile, partial.width);
      }
      if (i > 0) {
        const older = seen[i - 1]!;
        verifyConsistency(older, checkpoint, await consistencyProofFromTiles(older.size, checkpoint.size, httpTiles));
      }
    }
  });

  test('full tiles are immutable; missing tiles are 404 and malformed paths 400, as problems', async () => {
    const full = await get('/log/tile/0/001');
    assert.equal(full.status, 200);
    assert.equal(full.headers.get('content-type'), 'application/octet-stream');
    assert.match(full.headers.get('cache-control') ?? '', /immutable/);
    assert.equal((await full.arrayBuffer()).byteLength, 8192);
    assert.equal((await get('/log/tile/entries/001')).status, 200);
    // A partial tile of a full one is its prefix (the log was that size once).
    assert.equal((await (await get('/log/tile/0/000.p/255')).arrayBuffer()).byteLength, 255 * 32);
    // The log has 515 entries: tiles 0/000, 0/001 full, 0/002.p/3, 1/000.p/2.
    for (const missing of ['/log/tile/0/002', '/log/tile/0/002.p/4', '/log/tile/0/003.p/1', '/log/tile/1/000.p/3', '/log/tile/2/000.p/1', '/log/tile/entries/002.p/4']) {
      const res = await get(missing);
      assert.equal(res.status, 404, missing);
      assert.equal(res.headers.get('content-type'), 'application/problem+json');
    }
    for (const malformed of ['/log/tile/0/1', '/log/tile/0/000.p/256', '/log/tile/0/000.p/0', '/log/tile/x/000', '/log/tile/0/x000/001']) {
      const res = await get(malformed);
      assert.equal(res.status, 400, malformed);
      assert.equal((await res.json()).code, 'log_tile_path_invalid');
    }
  });

  test('concurrent appends and batches never give two entries one index', async () => {
    const before = (await tlog().latestCheckpoint()).size;
    const appends = Array.from({ length: 40 }, (_, i) => tlog().append(event(1000 + i)));
    const batches = Array.from({ length: 4 }, () => tlog().sequenceOnce());
    const ids = await Promise.all(appends);
    await Promise.all(batches);
    while ((await tlog().sequenceOnce()).sequenced > 0);
    const indexes = await Promise.all(ids.map((id) => tlog().awaitIndex(id)));
    assert.equal(new Set(indexes).size, 40);
    assert.deepEqual([...indexes].sort((a, b) => a - b), Array.from({ length: 40 }, (_, i) => before + i));
    assert.equal((await servedCheckpoint()).size, before + 40);
  });

  test('an append in a rolled-back transaction never appears; one in a committed transaction does', async () => {
    let rolledBack = 0;
    await assert.rejects(
      inTransaction(nara.kernel.db, async (tx) => {
        rolledBack = await tlog().appendInTx(tx, event(5000));
        throw new Error('the caller changed its mind');
      }),
      /changed its mind/,
    );
    const committed = await inTransaction(nara.kernel.db, (tx) => tlog().appendInTx(tx, event(5001)));
    await tlog().sequenceOnce();
    await assert.rejects(tlog().awaitIndex(rolledBack, 100), { code: 'log_entry_not_found' });
    await assert.rejects(tlog().receiptFor({ pendingId: rolledBack }), { code: 'log_entry_not_found' });
    const receipt = await tlog().receiptFor({ pendingId: committed });
    assert.equal((receipt.entry as { refs: { documentId: string } }).refs.documentId, 'doc_00005001');
    verifyReceipt(receipt, logKey);
  });

  test('no personal data: unknown fields, free text and bare identifiers are refused', async () => {
    const refused: unknown[] = [
      { ...event(1), name: 'Kim Min-jun' },
      event(1, { refs: { applicant: 'Kim Min-jun' } }),
      event(1, { refs: { applicant: 'kim' } }),
      event(1, { subject: '900101-1234567' }),
      event(1, { agency: 'Ministry of the Interior' }),
      { ...event(1), refs: { nested: { name: 'Kim' } } },
      event(1, { at: '2 March 2026' }),
      event(1, { type: 'Something happened to Kim' }),
    ];
    for (const bad of refused) {
      await assert.rejects(tlog().append(bad as LogEvent), { code: 'validation_failed', status: 422 }, JSON.stringify(bad));
    }
  });
});

if (process.env.NARA_TEST_POSTGRES_URL) {
  describe('transparency log on PostgreSQL', () => {
    test('PostgreSQL only: a second sequencer does not sequence while the first holds the lock', async () => {
      const deps = { db: nara.kernel.db, clock: nara.kernel.clock, logger: createLogger('silent'), secretKey: nara.kernel.config.secretKey, publicUrl: nara.kernel.config.publicUrl };
      const second = createTransparencyLog(deps);
      const pendingId = await tlog().append(event(7000));
      const sizeBefore = (await tlog().latestCheckpoint()).size;
      await nara.kernel.db.transaction().execute(async (tx) => {
        await sql`select pg_advisory_xact_lock(${SEQUENCER_LOCK_KEY})`.execute(tx);
        const blocked = await second.sequenceOnce();
        assert.equal(blocked.isLocked, true);
        assert.equal(blocked.sequenced, 0);
      });
      assert.equal((await tlog().latestCheckpoint()).size, sizeBefore);
      assert.equal((await second.sequenceOnce()).sequenced, 1);
      assert.equal(await tlog().awaitIndex(pendingId), sizeBefore);

      // Two sequencers racing over concurrent appends: one index per entry, checkpoints consistent.
      const older = await servedCheckpoint();
      const ids = await Promise.all(Array.from({ length: 30 }, (_, i) => (i % 2 ? second : tlog()).append(event(8000 + i))));
      await Promise.all([tlog().sequenceOnce(), second.sequenceOnce(), tlog().sequenceOnce(), second.sequenceOnce()]);
      while ((await second.sequenceOnce()).sequenced > 0);
      const indexes = await Promise.all(ids.map((id) => tlog().awaitIndex(id)));
      assert.equal(new Set(indexes).size, 30);
      const newer = await servedCheckpoint();
      assert.equal(newer.size, older.size + 30);
      verifyConsistency(older, newer, await consistencyProofFromTiles(older.size, newer.size, httpTiles));
    });
  });
}
