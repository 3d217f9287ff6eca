/**
 * The pure core of Nara's C2SP transparency log: RFC 6962 hashing and proofs, tlog-tiles geometry
 * and tile-based proofs, entry bundles, signed notes, checkpoints, receipts and canonical JSON.
 * No database or HTTP here; the sequencer and the /log routes build on these functions.
 */
export * from './bundles.js';
export * from './canonical-json.js';
export * from './checkpoint.js';
export * from './errors.js';
export * from './note.js';
export * from './receipt.js';
export * from './rfc6962.js';
export * from './tile-hashes.js';
export * from './tiles.js';
export { decodeBase64, encodeBase64 } from './encoding.js';
export * from './memory-log.js';
