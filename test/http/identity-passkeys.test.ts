import assert from 'node:assert/strict';
import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { Browser, seedSmallWorld, type SmallWorld } from '../../src/kernel/identity/identity.test-support.js';
import { createTestNara, type TestNara } from '../support/nara.js';

/** Just enough CBOR (RFC 8949) for attestation objects and COSE keys. */
function cbor(value: unknown): Buffer {
  const head = (major: number, n: number) => {
    if (n < 24) return Buffer.from([(major << 5) | n]);
    if (n < 256) return Buffer.from([(major << 5) | 24, n]);
    const b = Buffer.alloc(3);
    b[0] = (major << 5) | 25;
    b.writeUInt16BE(n, 1);
    return b;
  };
  if (typeof value === 'number') return value >= 0 ? head(0, value) : head(1, -1 - value);
  if (typeof value === 'string') return Buffer.concat([head(3, Buffer.byteLength(value)), Buffer.from(value)]);
  if (value instanceof Uint8Array) return Buffer.concat([head(2, value.length), value]);
  const entries = value instanceof Map ? [...value.entries()] : Object.entries(value as object);
  return Buffer.concat([head(5, entries.length), ...entries.flatMap(([k, v]) => [cbor(k), cbor(v)])]);
}

const b64u = (b: Uint8Array) => Buffer.from(b).toString('base64url');
const sha256 = (b: Uint8Array | string) => createHash('sha256').update(b).digest();

/** A software authenticator: ECDSA P-256, 'none' attestation, a signature counter. */
class SoftAuthenticator {
  readonly credentialId = randomBytes(16);
  private readonly keys = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  counter = 0;
  constructor(private readonly origin: string, private readonly rpId: string) {}

  private authData(flags: number, extra = Buffer.alloc(0)) {
    const count = Buffer.alloc(4);
    count.writeUInt32BE(this.counter);
    return Buffer.concat([sha256(this.rpId), Buffer.from([flags]), count, extra]);
  }

  private clientData(type: string, challenge: string) {
    return Buffer.from(JSON.stringify({ type, challenge, origin: this.origin, crossOrigin: false }));
  }

  create(challenge: string) {
    const jwk = (this.keys.publicKey as KeyObject).export({ format: 'jwk' });
    const cose = cbor(new Map<number, unknown>([[1, 2], [3, -7], [-1, 1], [-2, Buffer.from(jwk.x!, 'base64url')], [-3, Buffer.from(jwk.y!, 'base64url')]]));
    const idLen = Buffer.alloc(2);
    idLen.writeUInt16BE(this.credentialId.length);
    const attested = Buffer.concat([Buffer.alloc(16), idLen, this.credentialId, cose]);
    const attestationObject = cbor({ fmt: 'none', attStmt: {}, authData: this.authData(0x45, attested) });
    return {
      id: b64u(this.credentialId),
      rawId: b64u(this.credentialId),
      type: 'public-key',
      response: { clientDataJSON: b64u(this.clientData('webauthn.create', challenge)), attestationObject: b64u(attestationObject), transports: ['internal'] },
      clientExtensionResults: {},
    };
  }

  get(challenge: string, options: { counter?: number } = {}) {
    this.counter = options.counter ?? this.counter + 1;
    const authenticatorData = this.authData(0x05);
    const clientDataJSON = this.clientData('webauthn.get', challenge);
    const signature = sign('sha256', Buffer.concat([authenticatorData, sha256(clientDataJSON)]), this.keys.privateKey);
    return {
      id: b64u(this.credentialId),
      rawId: b64u(this.credentialId),
      type: 'public-key',
      response: { clientDataJSON: b64u(clientDataJSON), authenticatorData: b64u(authenticatorData), signature: b64u(signature) },
      clientExtensionResults: {},
    };
  }
}

describe('passkeys end to end', () => {
  let nara: TestNara;
  let world: SmallWorld;
  let authenticator: SoftAuthenticator;
  before(async () => {
    nara = await createTestNara({ config: { demo: true } });
    world = await seedSmallWorld(nara.kernel);
    const url = new URL(nara.kernel.config.publicUrl);
    authenticator = new SoftAuthenticator(url.origin, url.hostname);
  });
  after(() => nara.close());

  const signInWithPasskey = async (b: Browser, counter?: number) => {
    const options = await (await b.postJson('/api/v1/auth/passkeys/authentication/options', {})).json();
    return b.postJson('/api/v1/auth/passkeys/authentication/verify', { response: authenticator.get(options.challenge, { counter }), next: '/official' });
  };

  it('registers a passkey from a signed-in session', async () => {
    const b = new Browser(nara.app);
    await b.signInAsDemo(world.officialA);
    const options = await (await b.postJson('/api/v1/auth/passkeys/registration/options', {})).json();
    assert.equal(options.rp.id, 'localhost');
    assert.equal(options.attestation, 'none');
    const res = await b.postJson('/api/v1/auth/passkeys/registration/verify', { response: authenticator.create(options.challenge), nickname: 'Test phone' });
    assert.equal(res.status, 201);
    assert.equal((await res.json()).credentialId, b64u(authenticator.credentialId));
    const html = await (await b.request('/account')).text();
    assert.match(html, /Test phone/);
  });

  it('refuses to reuse a registration challenge', async () => {
    const b = new Browser(nara.app);
    await b.signInAsDemo(world.officialA);
    const options = await (await b.postJson('/api/v1/auth/passkeys/registration/options', {})).json();
    const other = new SoftAuthenticator(new URL(nara.kernel.config.publicUrl).origin, 'localhost');
    assert.equal((await b.postJson('/api/v1/auth/passkeys/registration/verify', { response: other.create(options.challenge) })).status, 201);
    const again = await b.postJson('/api/v1/auth/passkeys/registration/verify', { response: other.create(options.challenge) });
    assert.equal(again.status, 400);
    assert.equal((await again.json()).code, 'passkey_challenge_expired');
  });

  it('signs in with the passkey and gets a session for its owner', async () => {
    const b = new Browser(nara.app);
    const res = await signInWithPasskey(b);
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { status: 'signed_in', next: '/official' });
    const me = await (await b.request('/api/v1/me')).json();
    assert.equal(me.id, world.officialA);
    assert.equal(me.isDemoSession, false);
  });

  it('rejects a replayed signature counter', async () => {
    const b = new Browser(nara.app);
    const res = await signInWithPasskey(b, 1);
    assert.equal(res.status, 400);
    assert.equal((await res.json()).code, 'passkey_rejected');
    assert.equal(b.cookies.has('nara_session'), false);
  });

  it('rejects an assertion signed for another origin and an unknown credential', async () => {
    const b = new Browser(nara.app);
    const evil = new SoftAuthenticator('https://evil.example', 'localhost');
    const options = await (await b.postJson('/api/v1/auth/passkeys/authentication/options', {})).json();
    const unknown = await b.postJson('/api/v1/auth/passkeys/authentication/verify', { response: evil.get(options.challenge) });
    assert.equal(unknown.status, 401);
    assert.equal((await unknown.json()).code, 'passkey_not_recognised');
    const malformed = await b.postJson('/api/v1/auth/passkeys/authentication/verify', { response: { id: 'x' } });
    assert.equal(malformed.status, 422);
  });

  it('re-authenticates a stale session with the passkey', async () => {
    const b = new Browser(nara.app);
    await signInWithPasskey(b);
    nara.clock.advance(20 * 60 * 1000);
    await b.request('/account');
    nara.clock.advance(20 * 60 * 1000);
    assert.equal((await b.postJson('/api/v1/auth/passkeys/registration/options', {})).status, 401);
    const options = await (await b.postJson('/api/v1/auth/passkeys/reauthentication/options', {})).json();
    assert.ok(options.allowCredentials.some((c: { id: string }) => c.id === b64u(authenticator.credentialId)));
    const res = await b.postJson('/api/v1/auth/passkeys/reauthentication/verify', { response: authenticator.get(options.challenge) });
    assert.equal(res.status, 200);
    assert.equal((await b.postJson('/api/v1/auth/passkeys/registration/options', {})).status, 200);
  });

  it('removes a passkey with a POST form; it no longer signs in', async () => {
    const b = new Browser(nara.app);
    await signInWithPasskey(b);
    const res = await b.postForm(`/account/passkeys/${b64u(authenticator.credentialId)}/delete`);
    assert.equal(res.headers.get('location'), '/account?revoked=passkey');
    assert.equal((await signInWithPasskey(new Browser(nara.app))).status, 401);
  });

  it('serves the sign-in page with a no-JavaScript message and the passkey script', async () => {
    const html = await (await nara.app.request('/sign-in')).text();
    assert.match(html, /<noscript>/);
    assert.match(html, /needs JavaScript/);
    assert.match(html, /\/identity\/passkeys\.js/);
    const js = await nara.app.request('/identity/passkeys.js');
    assert.equal(js.status, 200);
    assert.match(js.headers.get('content-type')!, /javascript/);
  });
});
