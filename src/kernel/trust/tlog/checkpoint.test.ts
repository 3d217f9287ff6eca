import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { formatCheckpoint, openCheckpoint, parseCheckpoint, signCheckpoint } from './checkpoint.js';
import { isTlogError } from './errors.js';
import { generateNoteKey, parseSignerKey, parseVerifierKey } from './note.js';

const isMalformed = (error: unknown) => isTlogError(error, 'malformed');
const ROOT = 'CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=';

describe('checkpoints', () => {
  it('parse the C2SP example body', () => {
    const cp = parseCheckpoint(`example.com/behind-the-sofa\n20852163\n${ROOT}\n`);
    assert.equal(cp.origin, 'example.com/behind-the-sofa');
    assert.equal(cp.size, 20852163);
    assert.equal(Buffer.from(cp.rootHash).toString('base64'), ROOT);
    assert.deepEqual(cp.extensions, []);
  });

  it('format and parse back any checkpoint', () => {
    const line = fc.string({ unit: fc.constantFrom(...'abz.09/-_ +한'), minLength: 1, maxLength: 20 });
    fc.assert(
      fc.property(line, fc.maxSafeNat(), fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.array(line, { maxLength: 3 }), (origin, size, root, extensions) => {
        const checkpoint = { origin, size, rootHash: root, extensions };
        const text = formatCheckpoint(checkpoint);
        const parsed = parseCheckpoint(text);
        assert.deepEqual({ ...parsed, rootHash: Buffer.from(parsed.rootHash) }, { ...checkpoint, rootHash: Buffer.from(root) });
        assert.equal(formatCheckpoint(parsed), text);
      }),
      { numRuns: 200 },
    );
  });

  it('refuse malformed bodies', () => {
    const bad = [
      `log\n20852163\n${ROOT}`,
      `log\n20852163\n`,
      `log\n${ROOT}\n`,
      `\n5\n${ROOT}\n`,
      `log\n05\n${ROOT}\n`,
      `log\n-5\n${ROOT}\n`,
      `log\n+5\n${ROOT}\n`,
      `log\n5.0\n${ROOT}\n`,
      `log\n 5\n${ROOT}\n`,
      `log\n1e3\n${ROOT}\n`,
      `log\n9007199254740992\n${ROOT}\n`,
      `log\n5\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I\n`,
      `log\n5\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2J=\n`,
      `log\n5\nAAAA\n`,
      `log\n5\n${ROOT}\n\n`,
      `log\n5\n${ROOT}\next\n\n`,
    ];
    for (const text of bad) assert.throws(() => parseCheckpoint(text), isMalformed, JSON.stringify(text));
    assert.throws(() => formatCheckpoint({ origin: 'a\nb', size: 1, rootHash: new Uint8Array(32), extensions: [] }), isMalformed);
    assert.throws(() => formatCheckpoint({ origin: 'log', size: -1, rootHash: new Uint8Array(32), extensions: [] }), isMalformed);
    assert.throws(() => formatCheckpoint({ origin: 'log', size: 1, rootHash: new Uint8Array(31), extensions: [] }), isMalformed);
  });

  it('are signed notes whose key name is the origin', () => {
    const key = generateNoteKey('nara.example/log');
    const checkpoint = { origin: 'nara.example/log', size: 7, rootHash: new Uint8Array(32).fill(9), extensions: [] };
    const note = signCheckpoint(checkpoint, parseSignerKey(key.signerKey));
    assert.match(note, /^nara\.example\/log\n7\n[A-Za-z0-9+/]{43}=\n\n— nara\.example\/log [A-Za-z0-9+/]+=*\n$/);
    assert.equal(openCheckpoint(note, [parseVerifierKey(key.verifierKey)]).checkpoint.size, 7);
  });
});
