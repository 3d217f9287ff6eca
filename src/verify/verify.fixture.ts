/**
 * Test support for `nara verify`: logs built with the pure core, served over real HTTP exactly as
 * C2SP tlog-tiles lays them out, with hooks to misbehave like a hostile log would.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { canonicalJsonBytes } from '../kernel/trust/tlog/canonical-json.js';
import { signCheckpoint } from '../kernel/trust/tlog/checkpoint.js';
import type { MemoryTileLog } from '../kernel/trust/tlog/memory-log.js';
import { generateNoteKey, parseSignerKey, type NoteSigner } from '../kernel/trust/tlog/note.js';
import { makeReceipt, type Receipt } from '../kernel/trust/tlog/receipt.js';
import { inclusionProofFromTiles, treeHashFromTiles } from '../kernel/trust/tlog/tile-hashes.js';
import { parseTilePath } from '../kernel/trust/tlog/tiles.js';
import type { VerifyIo } from './verify.cli.js';

export const ORIGIN = 'nara.test/log';

export function newLogKey(name = ORIGIN): { signer: NoteSigner; verifierKey: string } {
  const { signerKey, verifierKey } = generateNoteKey(name);
  return { signer: parseSignerKey(signerKey), verifierKey };
}

export const event = (n: number, tag = 'a'): Uint8Array =>
  canonicalJsonBytes({ type: 'signing.signature-made', at: '2026-03-02T00:00:00.000Z', agency: 'platform', refs: { number: n, tag } });

/** Appends entries `from` .. `to - 1`, returns the checkpoint note signed at the new size. */
export async function growLog(log: MemoryTileLog, to: number, signer: NoteSigner, tag = 'a'): Promise<string> {
  const entries = Array.from({ length: to - log.size }, (_, i) => event(log.size + i, tag));
  await log.append(entries);
  return signCheckpoint({ origin: ORIGIN, size: log.size, rootHash: await treeHashFromTiles(log.size, log), extensions: [] }, signer);
}

export async function receiptFor(log: MemoryTileLog, index: number, checkpoint: string): Promise<Receipt> {
  return makeReceipt(event(index), index, checkpoint, await inclusionProofFromTiles(index, log.size, log));
}

/** What the test server serves under /log/; tests swap these to make the log misbehave. */
export interface LogView {
  checkpoint: string;
  log: MemoryTileLog;
  /** Rewrites a bundle before it is served (tampering, reordering). */
  editBundle?: (index: number, bytes: Uint8Array) => Uint8Array;
  editTile?: (level: number, index: number, bytes: Uint8Array) => Uint8Array;
}

export async function serveLog(view: LogView): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer((req, res) => {
    void answer(view, req.url ?? '/').then(
      (body) => {
        res.writeHead(body ? 200 : 404, { 'content-type': 'application/octet-stream' });
        res.end(body);
      },
      () => res.writeHead(500).end(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/log`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

async function answer(view: LogView, url: string): Promise<Uint8Array | undefined> {
  if (!url.startsWith('/log/')) return undefined;
  const path = url.slice('/log/'.length);
  if (path === 'checkpoint') return new TextEncoder().encode(view.checkpoint);
  try {
    const tile = parseTilePath(path);
    if (tile.kind === 'entries') {
      const bytes = await view.log.readEntryBundle(tile.index, tile.width);
      return view.editBundle ? view.editBundle(tile.index, bytes) : bytes;
    }
    const bytes = await view.log.readTile(tile.level, tile.index, tile.width);
    return view.editTile ? view.editTile(tile.level, tile.index, bytes) : bytes;
  } catch {
    return undefined;
  }
}

/** An io that records what `nara verify` prints. */
export function captureIo(env: NodeJS.ProcessEnv = {}): VerifyIo & { text: () => string } {
  const lines: string[] = [];
  return { out: (l) => lines.push(l), err: (l) => lines.push(l), env, text: () => lines.join('\n') };
}
