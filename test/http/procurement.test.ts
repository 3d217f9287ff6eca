import assert from 'node:assert/strict';
import { generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import type { SessionContext } from '../../src/kernel/http/context.js';
import { seedSmallWorld, type SmallWorld } from '../../src/kernel/identity/identity.test-support.js';
import { commitReservePrices, plannedPriceFrom } from '../../src/modules/procurement/domain/reserve-price.js';
import { openShare, sealBid, type EcPublicJwk } from '../../src/modules/procurement/domain/sealing.js';
import { createProcurementService, type ProcurementService } from '../../src/modules/procurement/procurement.service.js';
import { createTestNara, type TestNara } from '../support/nara.js';

const HOUR = 3_600_000;

/** An opening official's device: the key pair is made there and only the public half is sent. */
function device(): { privateKey: KeyObject; publicJwk: EcPublicJwk } {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const jwk = publicKey.export({ format: 'jwk' });
  return { privateKey, publicJwk: { kty: 'EC', crv: 'P-256', x: jwk.x!, y: jwk.y! } };
}

/** Everything the database holds, as text: what an operator with a dump would see. */
async function databaseDump(nara: TestNara): Promise<string> {
  const tables = await sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'`.execute(nara.kernel.db);
  const parts: string[] = [];
  for (const { name } of tables.rows) {
    const rows = await sql<{ row: string }>`select row_to_json(t)::text as row from ${sql.table(name)} t`.execute(nara.kernel.db);
    parts.push(...rows.rows.map((r) => r.row));
  }
  return parts.join('\n');
}

describe('e-Procurement: sealed bids opened by k of n officials', () => {
  let nara: TestNara;
  let world: SmallWorld;
  let procurement: ProcurementService;
  let officialC: string;
  const vendors: { person: string; business: string }[] = [];
  const devices = new Map<string, ReturnType<typeof device>>();
  let tender: { id: string; reserveCommitment: string; openingPublicJwk: EcPublicJwk };
  let dumpBeforeDeadline = '';

  const session = (personId: string, extra: Partial<SessionContext> = {}): SessionContext => ({
    sessionId: 'ses_test', personId, displayName: personId, authenticatedAt: nara.clock.now(), roles: [], officialOf: [], isDemo: false, ...extra,
  });
  const official = (personId: string) => session(personId, { officialOf: [world.province] });
  const bid = (vendor: number, price: number, picks: number[]) =>
    sealBid({ tenderId: tender.id, vendorId: vendors[vendor]!.business, price, picks, documents: [], nonce: randomBytes(16).toString('base64url') }, tender.openingPublicJwk);

  before(async () => {
    nara = await createTestNara();
    world = await seedSmallWorld(nara.kernel);
    procurement = createProcurementService(nara.kernel);
    const id = nara.kernel.identity;
    officialC = await id.createPerson({ givenName: 'Gyu', familyName: 'Oh', nin: '810101-1234567', email: 'gyu@example.test' });
    await id.appointOfficials([{ personId: officialC, organisationId: world.province, title: 'Officer', unit: 'Contracts' }]);
    vendors.push({ person: world.vendor, business: world.business });
    for (const [i, brn] of ['234-56-78901', '345-67-89012'].entries()) {
      const business = await id.createOrganisation({ kind: 'business', code: `BIZ-${i + 2}`, nameEn: `Builder ${i + 2}`, nameKo: `건설${i + 2}`, businessRegistrationNumber: brn });
      const person = await id.createPerson({ givenName: `Vendor${i + 2}`, familyName: 'Park', nin: `7${i}0101-1234567`, email: `v${i + 2}@example.test` });
      await id.addBusinessMember(person, business);
      vendors.push({ person, business });
    }
    await nara.kernel.pki.ensurePlatformRoot();
  });
  after(() => nara.close());

  it('registers vendors once each, with a signing certificate, and lets a platform admin debar one', async () => {
    for (const v of vendors) {
      const registered = await procurement.registerVendor(session(v.person), { organisationId: v.business, categories: ['72141000'], contactEmail: 'bids@example.test' });
      assert.match(registered.certificateSerial, /^[0-9a-f]+$/);
    }
    await assert.rejects(procurement.registerVendor(session(world.vendor), { organisationId: world.business, categories: [], contactEmail: 'x@example.test' }), { code: 'vendor_already_registered' });
    await assert.rejects(procurement.registerVendor(session(world.citizen), { organisationId: world.business, categories: [], contactEmail: 'x@example.test' }), { code: 'forbidden' });
    await assert.rejects(procurement.debarVendor(official(world.officialA), { organisationId: vendors[2]!.business, reason: 'Bid rigging', until: new Date(nara.clock.now().getTime() + 24 * 30 * HOUR) }), { code: 'forbidden' });
    await procurement.debarVendor(session(world.platformAdmin, { roles: [{ role: 'platform_admin', organisationId: null }] }), {
      organisationId: vendors[2]!.business, reason: 'Bid rigging found by the Fair Trade Commission', until: new Date(nara.clock.now().getTime() + 24 * 30 * HOUR),
    });
  });

  it('publishes a multiple-reserve-price tender whose draw is committed in the log and sealed', async () => {
    for (const person of [world.officialA, world.adminA, officialC]) {
      devices.set(person, device());
      await procurement.registerOpeningKey(official(person), devices.get(person)!.publicJwk);
    }
    const input = {
      agencyId: world.province, title: 'Resurfacing of provincial road 12', kind: 'works' as const, awardMethod: 'multiple_reserve_price' as const,
      baseAmount: 1_000_000_000, bandBasisPoints: 200, floorRateMillis: 87_745,
      bidDeadline: new Date(nara.clock.now().getTime() + 2 * HOUR), openingAt: new Date(nara.clock.now().getTime() + 2 * HOUR),
      openingOfficials: [world.officialA, world.adminA, officialC], threshold: 2,
    };
    await assert.rejects(procurement.publishTender(session(world.officialB, { officialOf: [world.otherProvince] }), input), { code: 'forbidden' });
    await assert.rejects(procurement.publishTender(official(world.officialA), { ...input, threshold: 4 }), { code: 'validation_failed' });
    tender = await procurement.publishTender(official(world.officialA), input);
    await nara.kernel.transparencyLog.sequenceOnce();
    const listed = await nara.kernel.transparencyLog.listEntries(1, 50);
    const published = listed.entries.map((e) => JSON.parse(Buffer.from(e.entry).toString('utf8'))).find((e) => e.type === 'procurement.tender-published');
    assert.equal(published.refs.reserveCommitment, tender.reserveCommitment);
  });

  it('takes sealed bids until the deadline (the last one counts), refuses a debarred vendor, and stores no plaintext', async () => {
    const first = await procurement.submitBid(session(vendors[0]!.person), tender.id, { vendorId: vendors[0]!.business, sealed: await bid(0, 901_000_000, [1, 2]) });
    await procurement.submitBid(session(vendors[0]!.person), tender.id, { vendorId: vendors[0]!.business, sealed: await bid(0, 880_123_456, [3, 4]) });
    await procurement.submitBid(session(vendors[1]!.person), tender.id, { vendorId: vendors[1]!.business, sealed: await bid(1, 912_345_678, [3, 5]) });
    assert.match(first.commitment, /^sha256:[0-9a-f]{64}$/);
    await assert.rejects(procurement.submitBid(session(vendors[2]!.person), tender.id, { vendorId: vendors[2]!.business, sealed: await bid(2, 870_000_000, [1, 3]) }), { code: 'vendor_debarred' });
    await assert.rejects(procurement.submitBid(session(vendors[0]!.person), tender.id, { vendorId: vendors[0]!.business, sealed: 'not-a-jwe' }), { code: 'validation_failed' });
    await assert.rejects(procurement.submitBid(session(vendors[1]!.person), tender.id, { vendorId: vendors[0]!.business, sealed: await bid(0, 1, [1, 2]) }), { code: 'forbidden' });
    const stale = session(vendors[1]!.person, { authenticatedAt: new Date(nara.clock.now().getTime() - 600_000) });
    await assert.rejects(procurement.submitBid(stale, tender.id, { vendorId: vendors[1]!.business, sealed: await bid(1, 5, [1, 2]) }), { code: 'reauthentication_required' });
    await nara.kernel.transparencyLog.sequenceOnce();
    const receipt = await nara.kernel.transparencyLog.receiptFor({ pendingId: first.logPendingId });
    assert.equal((receipt.entry as { refs: { commitment: string } }).refs.commitment, first.commitment);

    dumpBeforeDeadline = await databaseDump(nara);
    for (const price of ['901000000', '880123456', '912345678']) assert.ok(!dumpBeforeDeadline.includes(price), `bid price ${price} is in the database in clear`);
    assert.equal(await procurement.countValidBids(tender.id), 2);
  });

  it('refuses to open or release shares before the deadline, and refuses late bids with the server time', async () => {
    await assert.rejects(procurement.openTender(official(world.officialA), tender.id), { code: 'opening_too_early' });
    const share = await openShare(await procurement.shareFor(official(world.officialA), tender.id), devices.get(world.officialA)!.privateKey);
    await assert.rejects(procurement.releaseShare(official(world.officialA), tender.id, share), { code: 'opening_too_early' });
    nara.clock.advance(2 * HOUR);
    await assert.rejects(
      procurement.submitBid(session(vendors[1]!.person), tender.id, { vendorId: vendors[1]!.business, sealed: await bid(1, 899_000_000, [1, 2]) }),
      (error: Error & { code?: string }) => error.code === 'bid_deadline_passed' && error.message.includes(nara.clock.now().toISOString()),
    );
  });

  it('one official alone cannot open; two can, and anyone can recompute the planned price from the revealed draw', async () => {
    const release = async (person: string) =>
      procurement.releaseShare(official(person), tender.id, await openShare(await procurement.shareFor(official(person), tender.id), devices.get(person)!.privateKey));
    await assert.rejects(procurement.shareFor(session(world.officialB, { officialOf: [world.otherProvince] }), tender.id), { code: 'forbidden' });
    await release(world.officialA);
    await assert.rejects(procurement.openTender(official(world.officialA), tender.id), { code: 'opening_shares_missing' });
    await release(officialC);
    const result = await procurement.openTender(official(world.officialA), tender.id);
    assert.deepEqual(result.invalid, []);
    assert.deepEqual(result.opened.map((b) => [b.vendorId, b.price]).sort(), [[vendors[0]!.business, 880_123_456], [vendors[1]!.business, 912_345_678]].sort());

    const opened = await procurement.getTender(tender.id);
    assert.equal(opened.status, 'opened');
    const revealed = opened.revealed_reserve!;
    assert.equal(commitReservePrices({ tenderId: tender.id, ...revealed }), tender.reserveCommitment);
    const recomputed = plannedPriceFrom(revealed.prices, result.opened.map((b) => b.picks ?? []));
    assert.equal(result.award.planned?.plannedPrice, recomputed.plannedPrice);
    for (const price of revealed.prices) assert.ok(!dumpBeforeDeadline.includes(String(price)), `reserve price ${price} was readable before opening`);
    const expectedWinner = result.opened.filter((b) => b.price >= result.award.floorPrice && b.price <= recomputed.plannedPrice).sort((a, b) => a.price - b.price)[0];
    assert.equal(result.award.winner?.vendorId, expectedWinner?.vendorId);
  });
});

describe('e-Procurement API: bad input gets a clear problem', () => {
  let nara: TestNara;
  before(async () => {
    nara = await createTestNara();
  });
  after(() => nara.close());

  it('answers 401, 404 and 422 as problem+json, and lists tenders publicly', async () => {
    const post = (path: string, body: unknown) => nara.app.request(path, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify(body) });
    const anonymous = await post('/api/v1/procurement/opening-keys', { publicJwk: { kty: 'EC' } });
    assert.equal(anonymous.status, 401);
    assert.equal(anonymous.headers.get('content-type'), 'application/problem+json');
    const missing = await nara.app.request('/api/v1/procurement/tenders/tnd_doesnotexist0');
    assert.equal(missing.status, 404);
    assert.equal((await missing.json()).code, 'not_found');
    const malformed = await nara.app.request('/api/v1/procurement/tenders/..%2Fetc');
    assert.ok([404, 422].includes(malformed.status));
    const invalid = await post('/api/v1/procurement/tenders', { title: '' });
    assert.ok([401, 422].includes(invalid.status));
    const listed = await nara.app.request('/api/v1/procurement/tenders');
    assert.deepEqual(await listed.json(), { items: [] });
  });
});
