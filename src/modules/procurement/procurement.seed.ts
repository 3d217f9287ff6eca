/**
 * Demo tenders: a few published calls for bids of demo agencies, with items, a committed
 * reserve-price draw and answered questions. The demo opening officials' keys are made here and
 * their private halves are thrown away, as a real official's would never reach Nara: these
 * tenders take bids but the demo cannot open them. An official (persona or not) who registers
 * their own opening key later gets shares of the tenders published after that.
 */
import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto';
import { inTransaction, type Db } from '../../kernel/db/database.js';
import { commitReservePrices, drawReservePrices } from './domain/reserve-price.js';
import { createOpeningKey, sealReservePrices, type EcPublicJwk } from './domain/sealing.js';
import { createProcurementRepository as repo } from './procurement.repository.js';
import type { TenderKind, TenderMethod } from './procurement.tables.js';

export interface ProcurementDemoInput {
  agencyIdByCode: ReadonlyMap<string, string>;
  /** Officials of the demo country, to serve as opening officials of their agency's tenders. */
  officials: readonly { personId: string; agencyId: string }[];
  now: Date;
}

const DAY = 86_400_000;
const stable = (prefix: string, key: string) => `${prefix}_${createHash('sha256').update(`nara-demo-procurement:${key}`).digest('hex').slice(0, 24)}`;

interface DemoTender {
  key: string;
  agency: string;
  title: string;
  description: string;
  kind: TenderKind;
  method: TenderMethod;
  baseAmount: number;
  floorRateMillis: number;
  days: number;
  items: [unspsc: string, description: string, quantity: number, unit: string][];
  questions: [question: string, answer: string][];
}

const DEMO_TENDERS: DemoTender[] = [
  {
    key: 'road-resurfacing', agency: 'CITY-SOLLAE', title: 'Resurfacing of Sollae-daero (2.4 km)', kind: 'works', method: 'multiple_reserve_price',
    description: 'Milling and asphalt resurfacing of Sollae-daero between the city hall and the river bridge, with road markings.',
    baseAmount: 1_240_000_000, floorRateMillis: 87_745, days: 14,
    items: [['72141103', 'Asphalt paving', 24_000, 'm²'], ['72141120', 'Road marking', 4_800, 'm']],
    questions: [['May the work be done at night?', 'Yes, between 22:00 and 06:00 on weekdays; see the traffic plan in the documents.']],
  },
  {
    key: 'laptops', agency: 'PPS', title: 'Laptops for civil-service counters (400 units)', kind: 'goods', method: 'lowest_above_floor',
    description: 'Laptops with three years of on-site support for the civil-service counters of the central ministries.',
    baseAmount: 560_000_000, floorRateMillis: 88_000, days: 10,
    items: [['43211503', 'Notebook computer, 14 inch', 400, 'units'], ['81112306', 'On-site support, 3 years', 400, 'units']],
    questions: [],
  },
  {
    key: 'call-centre', agency: 'MOIS', title: 'Citizen call-centre operation 2027', kind: 'services', method: 'multiple_reserve_price',
    description: 'Operation of the 110 government call centre for one year, in Korean and English.',
    baseAmount: 2_100_000_000, floorRateMillis: 87_995, days: 21,
    items: [['80141602', 'Call-centre services', 12, 'months']],
    questions: [['Is English support needed at night?', 'English support is needed from 08:00 to 20:00 only.']],
  },
];

/** A demo official's opening key: only the public half is kept. */
function throwawayOpeningKey(): EcPublicJwk {
  const jwk = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ format: 'jwk' });
  return { kty: 'EC', crv: 'P-256', x: jwk.x!, y: jwk.y! };
}

export async function seedProcurementDemo(db: Db, input: ProcurementDemoInput): Promise<number> {
  let published = 0;
  for (const demo of DEMO_TENDERS) {
    const agencyId = input.agencyIdByCode.get(demo.agency);
    const officials = input.officials.filter((o) => o.agencyId === agencyId).slice(0, 3);
    const id = stable('tnd', demo.key);
    if (!agencyId || officials.length < 2 || (await repo(db).findTender(id))) continue;
    const holders = [];
    for (const o of officials) {
      const existing = (await repo(db).openingKeysOf([o.personId]))[0];
      const publicJwk = existing?.public_jwk ?? throwawayOpeningKey();
      if (!existing) await repo(db).upsertOpeningKey(o.personId, publicJwk, input.now);
      holders.push({ holderId: o.personId, publicJwk });
    }
    const setup = await createOpeningKey(holders, 2);
    const draw = { prices: drawReservePrices({ baseAmount: demo.baseAmount, bandBasisPoints: 200 }), salt: randomBytes(32).toString('base64url') };
    const commitment = commitReservePrices({ tenderId: id, ...draw });
    const sealed = await sealReservePrices(draw, setup.publicJwk);
    const publishedAt = new Date(input.now.getTime() - DAY);
    const bidDeadline = new Date(input.now.getTime() + demo.days * DAY);
    await inTransaction(db, async (tx) => {
      await repo(tx).insertTender(
        {
          id, agency_id: agencyId, title: demo.title, description: demo.description, kind: demo.kind, award_method: demo.method,
          base_amount: demo.baseAmount, band_basis_points: 200, floor_rate_millis: demo.floorRateMillis, published_at: publishedAt,
          clarification_deadline: new Date(bidDeadline.getTime() - 3 * DAY), bid_deadline: bidDeadline, opening_at: new Date(bidDeadline.getTime() + 3_600_000),
          status: 'open', threshold: 2, opening_public_jwk: JSON.stringify(setup.publicJwk), sealed_reserve_prices: sealed, reserve_commitment: commitment,
        },
        setup.shares.map((s) => ({ tender_id: id, person_id: s.holderId, jwe: s.jwe })),
        demo.items.map(([unspsc, description, quantity, unit], i) => ({ tender_id: id, position: i + 1, unspsc, description, quantity, unit })),
      );
      for (const [i, [question, answer]] of demo.questions.entries()) {
        await repo(tx).insertClarification({
          id: stable('clq', `${demo.key}:${i}`), tender_id: id, question, asked_by_vendor: 'demo', asked_by: 'demo', asked_at: publishedAt,
          answer, answered_by: officials[0]!.personId, answered_at: new Date(publishedAt.getTime() + DAY / 2),
        });
      }
    });
    published += 1;
  }
  return published;
}
