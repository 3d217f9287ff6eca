import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { createTestNara, type TestNara } from '../../../test/support/nara.js';
import { seedSmallWorld, type SmallWorld } from './identity.test-support.js';

describe('identity directory', () => {
  let nara: TestNara;
  let world: SmallWorld;
  before(async () => {
    nara = await createTestNara({ modules: [] });
    world = await seedSmallWorld(nara.kernel);
  });
  after(() => nara.close());

  it('never stores the national identification number in clear', async () => {
    const rows = await sql<Record<string, unknown>>`select * from person`.execute(nara.kernel.db);
    const dump = JSON.stringify(rows.rows);
    for (const nin of ['9001012345678', '900101-2345678', '8505051234567']) assert.equal(dump.includes(nin), false);
    const minji = rows.rows.find((r) => r.id === world.citizen)!;
    assert.match(String(minji.nin_ciphertext), /^v1\./);
    assert.match(String(minji.nin_hash), /^[0-9a-f]{64}$/);
  });

  it('finds a person by NIN with or without the dash, and decrypts it back', async () => {
    assert.equal((await nara.kernel.identity.findPersonByNin('9001012345678'))?.id, world.citizen);
    assert.equal((await nara.kernel.identity.findPersonByNin('900101-2345678'))?.id, world.citizen);
    assert.equal(await nara.kernel.identity.findPersonByNin('000000-0000000'), undefined);
    assert.equal(await nara.kernel.identity.revealNin(world.citizen), '9001012345678');
  });

  it('refuses a second person with the same NIN and a malformed NIN', async () => {
    await assert.rejects(nara.kernel.identity.createPerson({ givenName: 'X', familyName: 'Y', nin: '900101 2345678' }), { code: 'nin_already_registered' });
    await assert.rejects(nara.kernel.identity.createPerson({ givenName: 'X', familyName: 'Y', nin: 'abc' }), { code: 'validation_failed' });
  });

  it('gives each agency a stable pseudonym that differs across agencies', () => {
    const id = nara.kernel.identity;
    const a1 = id.pseudonymFor(world.citizen, world.province);
    assert.equal(id.pseudonymFor(world.citizen, world.province), a1);
    assert.notEqual(id.pseudonymFor(world.citizen, world.otherProvince), a1);
    assert.notEqual(id.pseudonymFor(world.officialA, world.province), a1);
    assert.match(a1, /^PSN-[A-Z0-9-]+$/);
    assert.equal(a1.includes(world.citizen), false);
  });

  it('walks the agency hierarchy up and down', async () => {
    const chain = await nara.kernel.identity.organisationChain(world.city);
    assert.deepEqual(chain.map((o) => o.id), [world.city, world.province, world.ministry]);
    const subtree = await nara.kernel.identity.organisationSubtree(world.ministry);
    assert.deepEqual(new Set(subtree), new Set([world.ministry, world.province, world.city, world.otherProvince]));
  });

  it('records officials, roles and business members', async () => {
    const id = nara.kernel.identity;
    assert.deepEqual((await id.officialPostsOf(world.officialA)).map((p) => p.organisationId), [world.province]);
    assert.ok((await id.rolesOf(world.adminA)).some((r) => r.role === 'agency_admin' && r.organisationId === world.province));
    assert.ok((await id.rolesOf(world.vendor)).some((r) => r.role === 'vendor' && r.organisationId === world.business));
    await id.grantRole(world.auditor, 'auditor', null); // idempotent
    assert.equal((await id.rolesOf(world.auditor)).filter((r) => r.role === 'auditor').length, 1);
    assert.deepEqual(await id.businessesOf(world.vendor), [world.business]);
  });
});
