import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import { seedSmallWorld, type SmallWorld } from '../../src/kernel/identity/identity.test-support.js';
import { createTestNara, type TestNara } from '../support/nara.js';

describe('API clients with signed client assertions', () => {
  let nara: TestNara;
  let world: SmallWorld;
  let clientId: string;
  let edClientId: string;
  let key: CryptoKey;
  let edKey: CryptoKey;
  const audience = () => `${nara.kernel.config.publicUrl}/api/v1`;

  before(async () => {
    nara = await createTestNara();
    world = await seedSmallWorld(nara.kernel);
    const es = await generateKeyPair('ES256');
    const ed = await generateKeyPair('EdDSA');
    key = es.privateKey;
    edKey = ed.privateKey;
    clientId = await nara.kernel.identity.apiClients.registerApiClient({ organisationId: world.province, name: 'Province A records', publicJwk: await exportJWK(es.publicKey), scopes: ['people.read'] });
    edClientId = await nara.kernel.identity.apiClients.registerApiClient({ organisationId: world.otherProvince, name: 'Province B', publicJwk: await exportJWK(ed.publicKey), scopes: [] });
  });
  after(() => nara.close());

  const assertion = (claims: { iss?: string; aud?: string; expSeconds?: number; jti?: string } = {}, signer = key, alg = 'ES256') => {
    const now = Math.floor(nara.clock.now().getTime() / 1000);
    const iss = claims.iss ?? clientId;
    return new SignJWT({})
      .setProtectedHeader({ alg })
      .setIssuer(iss)
      .setSubject(iss)
      .setAudience(claims.aud ?? audience())
      .setIssuedAt(now)
      .setExpirationTime(now + (claims.expSeconds ?? 120))
      .setJti(claims.jti ?? randomUUID())
      .sign(signer);
  };
  const me = (token: string) => nara.app.request('/api/v1/me', { headers: { authorization: `Bearer ${token}` } });

  it('accepts a valid ES256 assertion and says who the client is', async () => {
    const res = await me(await assertion());
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { kind: 'api_client', clientId, organisationId: world.province, scopes: ['people.read'] });
  });

  it('accepts an EdDSA client too', async () => {
    const res = await me(await assertion({ iss: edClientId }, edKey, 'EdDSA'));
    assert.equal(res.status, 200);
    assert.equal((await res.json()).clientId, edClientId);
  });

  it('rejects a replayed assertion', async () => {
    const token = await assertion();
    assert.equal((await me(token)).status, 200);
    const again = await me(token);
    assert.equal(again.status, 401);
    assert.equal((await again.json()).code, 'invalid_client_assertion');
  });

  it('rejects an expired assertion and one that lives too long', async () => {
    const token = await assertion();
    nara.clock.advance(5 * 60 * 1000);
    assert.equal((await me(token)).status, 401);
    assert.equal((await me(await assertion({ expSeconds: 3600 }))).status, 401);
  });

  it('rejects the wrong audience, a wrong key and an unknown client', async () => {
    assert.equal((await me(await assertion({ aud: 'https://elsewhere.example/api/v1' }))).status, 401);
    assert.equal((await me(await assertion({}, edKey, 'EdDSA'))).status, 401);
    assert.equal((await me(await assertion({ iss: 'cli_unknown' }))).status, 401);
    const garbage = await me('not-a-jwt');
    assert.equal(garbage.status, 401);
    assert.equal(garbage.headers.get('content-type'), 'application/problem+json');
  });

  it('refuses a client on person-only endpoints with 403', async () => {
    const res = await nara.app.request('/api/v1/me', {
      method: 'PATCH',
      body: JSON.stringify({ email: 'a@b.test' }),
      headers: { authorization: `Bearer ${await assertion()}`, 'content-type': 'application/json' },
    });
    assert.equal(res.status, 403);
  });

  it('refuses a private key at registration', async () => {
    const { privateKey } = await generateKeyPair('ES256', { extractable: true });
    await assert.rejects(
      nara.kernel.identity.apiClients.registerApiClient({ organisationId: world.province, name: 'x', publicJwk: await exportJWK(privateKey), scopes: [] }),
      { code: 'validation_failed' },
    );
  });

  it('documents /api/v1/me and the client assertion scheme in OpenAPI', async () => {
    const doc = await (await nara.app.request('/api/openapi.json')).json();
    assert.equal(doc.components.securitySchemes.clientAssertion.scheme, 'bearer');
    assert.ok(doc.paths['/api/v1/me'].get);
    assert.ok(doc.paths['/api/v1/me'].patch);
  });
});
