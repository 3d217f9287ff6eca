import assert from 'node:assert/strict';
import { createPublicKey } from 'node:crypto';
import fs from 'node:fs';
import { describe, test } from 'node:test';
import { verifierKeyText } from '../tlog/note.js';
import { demoLogPrivateKey, originFor } from './log.key.js';

describe('the demo log key', () => {
  test('is the key the README prints for the demo install at the default address', () => {
    const origin = originFor('http://localhost:3000');
    const raw = createPublicKey(demoLogPrivateKey(origin)).export({ format: 'der', type: 'spki' }).subarray(12);
    const key = verifierKeyText(origin, new Uint8Array(raw));
    const readme = fs.readFileSync(new URL('../../../../README.md', import.meta.url), 'utf8');
    assert.ok(readme.includes(`\n${key}\n`), `README.md should print the demo log key ${key}`);
  });

  test('depends on the origin, so two demo installs at different addresses have different keys', () => {
    const a = createPublicKey(demoLogPrivateKey('localhost:3000/log')).export({ format: 'der', type: 'spki' });
    const b = createPublicKey(demoLogPrivateKey('localhost:3001/log')).export({ format: 'der', type: 'spki' });
    assert.notDeepEqual(a, b);
  });
});
