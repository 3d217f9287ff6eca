import { generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import type { SessionContext } from '../../src/kernel/http/context.js';
import { seedSmallWorld, type SmallWorld } from '../../src/kernel/identity/identity.test-support.js';
import { openShare, sealBid, type EcPublicJwk } from '../../src/modules/procurement/domain/sealing.js';
import { createProcurementService, type ProcurementService, type PublishTenderInput } from '../../src/modules/procurement/procurement.service.js';
import type { TestNara } from '../support/nara.js';

export const HOUR = 3_600_000;

/** An opening official's device: the key pair is made there and only the public half is sent. */
export function device(): { privateKey: KeyObject; publicJwk: EcPublicJwk } {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const jwk = publicKey.export({ format: 'jwk' });
  return { privateKey, publicJwk: { kty: 'EC', crv: 'P-256', x: jwk.x!, y: jwk.y! } };
}

export interface ProcurementWorld {
  world: SmallWorld;
  procurement: ProcurementService;
  officials: string[];
  vendors: { person: string; business: string }[];
  session(personId: string, extra?: Partial<SessionContext>): SessionContext;
  official(personId: string): SessionContext;
  publish(overrides?: Partial<PublishTenderInput>): Promise<{ id: string; reserveCommitment: string; openingPublicJwk: EcPublicJwk }>;
  bid(tender: { id: string; openingPublicJwk: EcPublicJwk }, vendor: number, price: number, picks: number[]): Promise<string>;
  /** Two of the three opening officials release their shares; then the tender is opened. */
  open(tenderId: string): ReturnType<ProcurementService['openTender']>;
}

/** Three registered vendors, three opening officials of one province with their opening keys. */
export async function setUpProcurement(nara: TestNara): Promise<ProcurementWorld> {
  const world = await seedSmallWorld(nara.kernel);
  const procurement = createProcurementService(nara.kernel);
  const id = nara.kernel.identity;
  const officialC = await id.createPerson({ givenName: 'Gyu', familyName: 'Oh', nin: '810101-1234567', email: 'gyu@example.test' });
  await id.appointOfficials([{ personId: officialC, organisationId: world.province, title: 'Officer', unit: 'Contracts' }]);
  const vendors = [{ person: world.vendor, business: world.business }];
  for (const [i, brn] of ['234-56-78901', '345-67-89012'].entries()) {
    const business = await id.createOrganisation({ kind: 'business', code: `BIZ-${i + 2}`, nameEn: `Builder ${i + 2}`, nameKo: `건설${i + 2}`, businessRegistrationNumber: brn });
    const person = await id.createPerson({ givenName: `Vendor${i + 2}`, familyName: 'Park', nin: `7${i}0101-1234567`, email: `v${i + 2}@example.test` });
    await id.addBusinessMember(person, business);
    vendors.push({ person, business });
  }
  await nara.kernel.pki.ensurePlatformRoot();
  const session = (personId: string, extra: Partial<SessionContext> = {}): SessionContext => ({
    sessionId: 'ses_test', personId, displayName: personId, authenticatedAt: nara.clock.now(), roles: [], officialOf: [], isDemo: false, ...extra,
  });
  const official = (personId: string) => session(personId, { officialOf: [world.province] });
  for (const v of vendors) await procurement.registerVendor(session(v.person), { organisationId: v.business, categories: ['72141000'], contactEmail: 'bids@example.test' });
  const officials = [world.officialA, world.adminA, officialC];
  const devices = new Map(officials.map((p) => [p, device()]));
  for (const p of officials) await procurement.registerOpeningKey(official(p), devices.get(p)!.publicJwk);

  return {
    world, procurement, officials, vendors, session, official,
    publish: (overrides = {}) =>
      procurement.publishTender(official(world.officialA), {
        agencyId: world.province, title: 'Resurfacing of provincial road 12', kind: 'works', awardMethod: 'multiple_reserve_price',
        baseAmount: 1_000_000_000, bandBasisPoints: 200, floorRateMillis: 87_745,
        bidDeadline: new Date(nara.clock.now().getTime() + 2 * HOUR), openingAt: new Date(nara.clock.now().getTime() + 2 * HOUR),
        openingOfficials: officials, threshold: 2, description: 'Milling and resurfacing with road markings.',
        items: [{ unspsc: '72141103', description: 'Asphalt paving', quantity: 24_000, unit: 'm2' }, { unspsc: '72141120', description: 'Road marking', quantity: 4_800, unit: 'm' }],
        ...overrides,
      }),
    bid: (tender, vendor, price, picks) =>
      sealBid({ tenderId: tender.id, vendorId: vendors[vendor]!.business, price, picks, documents: [], nonce: randomBytes(16).toString('base64url') }, tender.openingPublicJwk),
    async open(tenderId) {
      for (const p of [world.officialA, officialC]) {
        const share = await openShare(await procurement.shareFor(official(p), tenderId), devices.get(p)!.privateKey);
        await procurement.releaseShare(official(p), tenderId, share);
      }
      return procurement.openTender(official(world.officialA), tenderId);
    },
  };
}
