import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { isTlogError } from './errors.js';
import {
  decodeNoteBytes,
  generateNoteKey,
  isValidKeyName,
  openNote,
  parseSignerKey,
  parseVerifierKey,
  signNote,
  verifierKeyText,
} from './note.js';

// The signed-note reference vector (golang.org/x/mod/sumdb/note, used by C2SP implementations):
// Ed25519 is deterministic, so signing the text with this key must give exactly this note.
const VECTOR = {
  signerKey: 'PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz',
  verifierKey: 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW',
  text: "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n",
  signature: '— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n',
  enochKey: 'EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop',
  enochSignature: '— EnochRoot rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=\n',
};
const NOTE = `${VECTOR.text}\n${VECTOR.signature}`;
const peter = parseVerifierKey(VECTOR.verifierKey);
const enoch = parseVerifierKey(VECTOR.enochKey);
const code = (c: string) => (error: unknown) => isTlogError(error) && error.code === c;

describe('signed-note test vector', () => {
  it('signs the text to exactly the published note', () => {
    const signer = parseSignerKey(VECTOR.signerKey);
    assert.equal(signer.keyId, 0xc74f20a3);
    assert.equal(signNote(VECTOR.text, signer), NOTE);
  });

  it('opens the published note and reproduces the verifier key text', () => {
    const opened = openNote(NOTE, [peter]);
    assert.equal(opened.text, VECTOR.text);
    assert.deepEqual(opened.verified.map((s) => [s.name, s.keyId]), [['PeterNeumann', 0xc74f20a3]]);
    const raw = Buffer.from(VECTOR.verifierKey.split('+')[2]!, 'base64').subarray(1);
    assert.equal(verifierKeyText('PeterNeumann', raw), VECTOR.verifierKey);
  });

  it('ignores a signature by an unknown key and verifies both when both are known', () => {
    const both = `${VECTOR.text}\n${VECTOR.signature}${VECTOR.enochSignature}`;
    const opened = openNote(both, [peter]);
    assert.deepEqual(opened.unknown.map((s) => s.name), ['EnochRoot']);
    assert.equal(openNote(both, [peter, enoch]).verified.length, 2);
  });

  it('refuses a note signed only by keys it does not know', () => {
    assert.throws(() => openNote(NOTE, [enoch]), code('unknown_key'));
    assert.throws(() => openNote(NOTE, []), code('unknown_key'));
    // Same name, different key: still unknown, never "verified".
    const impostor = parseVerifierKey(generateNoteKey('PeterNeumann').verifierKey);
    assert.throws(() => openNote(NOTE, [impostor]), code('unknown_key'));
  });

  it('refuses a modified body or signature', () => {
    assert.throws(() => openNote(NOTE.replace('cryptography', 'cryptographY'), [peter]), code('bad_signature'));
    const sig = VECTOR.signature;
    assert.throws(() => openNote(`${VECTOR.text}\n${sig.slice(0, 60)}ABCD${sig.slice(60)}`, [peter]), code('bad_signature'));
  });

  it('refuses malformed notes', () => {
    const { text, signature } = VECTOR;
    const bad = [
      text,
      `${text}\n`,
      `${text}\n${signature.slice(0, -1)}`,
      `\u0001${text}\n${signature}`,
      `${text}\t\n${signature}`,
      `${text}\n— Bad Name x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n`,
      `${text}\n${signature}Unexpected line.\n`,
      `${text}\n- PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n`,
      `${text}\n— PeterNeumann x08go\n`,
      `${text}\n— PeterNeumann AAAA\n`,
      `${text}\n${signature.repeat(101)}`,
      `\ud800${text}\n${signature}`,
    ];
    for (const note of bad) assert.throws(() => openNote(note, [peter]), code('malformed'), JSON.stringify(note));
    assert.throws(() => decodeNoteBytes(Uint8Array.of(0xff, 0x0a)), code('malformed'));
    assert.equal(openNote(decodeNoteBytes(Buffer.from(NOTE)), [peter]).text, text);
  });
});

describe('note keys', () => {
  it('refuse every truncation or one-character change of a verifier key', () => {
    const key = VECTOR.verifierKey;
    for (let i = 0; i <= key.length; i++) {
      for (let j = i + 1; j <= key.length; j++) {
        if (i !== 0 || j !== key.length) assert.throws(() => parseVerifierKey(key.slice(i, j)), code('malformed'));
      }
    }
    for (let i = 0; i < key.length; i++) {
      const changed = key.slice(0, i) + String.fromCharCode(key.charCodeAt(i) + 1) + key.slice(i + 1);
      assert.throws(() => parseVerifierKey(changed), code('malformed'), changed);
    }
  });

  it('refuse a signer key whose id does not match', () => {
    assert.throws(() => parseSignerKey(VECTOR.signerKey.replace('c74f20a3', 'c74f20a4')), code('malformed'));
    assert.throws(() => parseSignerKey(VECTOR.verifierKey), code('malformed'));
  });

  it('validate names: no spaces, no plus, not empty', () => {
    for (const name of ['', 'a b', 'a+b', 'a\u00a0b', 'a\u2003b', 'a\nb']) assert.equal(isValidKeyName(name), false, JSON.stringify(name));
    for (const name of ['nara.example/log', 'PeterNeumann', '한국']) assert.equal(isValidKeyName(name), true);
    assert.throws(() => generateNoteKey('bad name'), code('malformed'));
  });

  it('generate keys that sign notes any verifier of that key opens, and no other', () => {
    const key = generateNoteKey('nara.example/log');
    const signer = parseSignerKey(key.signerKey);
    const verifier = parseVerifierKey(key.verifierKey);
    const other = parseVerifierKey(generateNoteKey('nara.example/log').verifierKey);
    const line = fc.string({ unit: fc.constantFrom(...'abc xyz019/+=—한\u00e9'), minLength: 1, maxLength: 30 });
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 5 }), (lines) => {
        const text = `${lines.join('\n')}\n`;
        const note = signNote(text, signer);
        assert.equal(openNote(note, [verifier]).text, text);
        assert.throws(() => openNote(note, [other]), code('unknown_key'));
        const altered = `${text.replace(/.$/su, '')}#\n${note.slice(text.length)}`;
        assert.throws(() => openNote(altered, [verifier]), code('bad_signature'));
      }),
      { numRuns: 50 },
    );
  });

  it('refuse to sign text that does not end in a newline or holds control characters', () => {
    const signer = parseSignerKey(VECTOR.signerKey);
    assert.throws(() => signNote('abc', signer), code('malformed'));
    assert.throws(() => signNote('a\rb\n', signer), code('malformed'));
    assert.throws(() => signNote('abc\n'), code('malformed'));
  });
});
