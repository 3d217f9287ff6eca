import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { canonicalJson, commitment, isCommitmentTo, newCommitmentSalt } from './canonical-json.js';
import { isTlogError } from './errors.js';

const isMalformed = (error: unknown) => isTlogError(error, 'malformed');

describe('canonical JSON (RFC 8785)', () => {
  it('matches the RFC 8785 §3.2.2 example', () => {
    const input =
      '{"numbers":[333333333.33333329,1E30,4.50,2e-3,0.000000000000000000000000001],' +
      '"string":"\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/","literals":[null,true,false]}';
    assert.equal(
      canonicalJson(JSON.parse(input)),
      '{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}',
    );
  });

  it('sorts keys by UTF-16 code units', () => {
    const value = { '\u20ac': 1, '\r': 2, '1': 3, '\ud83d\ude00': 4, '\u00f6': 5, a: { z: 1, b: [2, { y: 1, x: 2 }] } };
    assert.equal(canonicalJson(value), '{"\\r":2,"1":3,"a":{"b":[2,{"x":2,"y":1}],"z":1},"ö":5,"€":1,"😀":4}');
  });

  it('is the same for any key order and parses back to the same value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = canonicalJson(value);
        assert.equal(canonicalJson(JSON.parse(text)), text);
        assert.deepEqual(JSON.parse(text), JSON.parse(JSON.stringify(value)));
      }),
      { numRuns: 200 },
    );
  });

  it('refuses what JSON cannot carry exactly', () => {
    for (const value of [undefined, Number.NaN, Infinity, { a: '\ud800' }]) assert.throws(() => canonicalJson(value), isMalformed);
  });
});

describe('salted commitments', () => {
  const subject = { residentNumber: '900101-1234567' };

  it('are 64 hex characters that hide the value', () => {
    const salt = newCommitmentSalt();
    const c = commitment(subject, salt);
    assert.match(c, /^[0-9a-f]{64}$/);
    assert.ok(!c.includes('900101'));
  });

  it('depend on the salt and the value, not on key order', () => {
    const salt = newCommitmentSalt();
    assert.equal(commitment({ a: 1, b: 2 }, salt), commitment({ b: 2, a: 1 }, salt));
    assert.notEqual(commitment(subject, salt), commitment(subject, newCommitmentSalt()));
    assert.notEqual(commitment(subject, salt), commitment({ residentNumber: '900101-1234568' }, salt));
  });

  it('open only to the committed value and salt', () => {
    const salt = newCommitmentSalt();
    const c = commitment(subject, salt);
    assert.ok(isCommitmentTo(c, subject, salt));
    assert.ok(!isCommitmentTo(c, { residentNumber: 'x' }, salt));
    assert.ok(!isCommitmentTo(c, subject, newCommitmentSalt()));
    assert.ok(!isCommitmentTo('abc', subject, salt));
  });

  it('refuse a salt shorter than 16 bytes', () => {
    assert.throws(() => commitment(subject, new Uint8Array(15)), isMalformed);
  });
});
