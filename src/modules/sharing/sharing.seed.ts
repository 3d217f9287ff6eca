import { createHash } from 'node:crypto';
import { inTransaction, type Db } from '../../kernel/db/database.js';
import { DEMO_APPROVALS, DEMO_ITEMS } from './sharing.catalogue.js';
import * as repo from './sharing.repository.js';

/** A demo citizen as the loader hands it over. */
export interface SharingDemoPerson {
  id: string;
  name: string;
  birthDate: string;
  sex: 'male' | 'female';
  address: string;
}

export interface SharingDemoInput {
  agencyIdByCode: ReadonlyMap<string, string>;
  citizens: readonly SharingDemoPerson[];
  /** When the demo items count as published. */
  publishedAt: Date;
}

/** A number in [0, n) drawn from the person and a purpose, the same on every run. */
const draw = (personId: string, purpose: string, n: number) => createHash('sha256').update(`nara-demo-sharing:${purpose}:${personId}`).digest().readUInt32BE(0) % n;
const stable = (prefix: string, key: string) => `${prefix}_${createHash('sha256').update(`nara-demo-sharing:${key}`).digest('hex').slice(0, 24)}`;
const year = (date: string) => Number(date.slice(0, 4));
const TOWNS = ['Nuri City', 'Sollae City', 'Daon City', 'Haram City', 'Maru County', 'Byeolbit County'];
const MODELS = ['Hyundai Avante', 'Kia Morning', 'Hyundai Sonata', 'Kia Sportage', 'Genesis G80'];

function registryRows(input: SharingDemoInput, mois: string) {
  const people = input.citizens;
  const resident = people.map((p, i) => ({ person_id: p.id, provider_id: mois, name: p.name, birth_date: p.birthDate, household_id: stable('hh', String(Math.floor(i / 3))), is_household_head: i % 3 === 0 }));
  const address = people.flatMap((p) => {
    const earlier = TOWNS[draw(p.id, 'town', TOWNS.length)]!;
    const movedIn = `${2015 + draw(p.id, 'moved', 10)}-0${1 + draw(p.id, 'month', 9)}-15`;
    return [
      { person_id: p.id, address: `${earlier}, ${1 + draw(p.id, 'no', 200)} Saemal-ro`, moved_in_on: `${Math.max(year(p.birthDate), 2000)}-03-01`, moved_out_on: movedIn },
      { person_id: p.id, address: p.address, moved_in_on: movedIn, moved_out_on: null },
    ];
  });
  // Households of three: the two eldest are spouses, the youngest their child.
  const family: { person_id: string; relative_id: string; relation: string }[] = [];
  for (let i = 0; i + 2 < people.length; i += 3) {
    const [a, b, child] = people.slice(i, i + 3).sort((x, y) => x.birthDate.localeCompare(y.birthDate));
    family.push({ person_id: a!.id, relative_id: b!.id, relation: 'spouse' }, { person_id: b!.id, relative_id: a!.id, relation: 'spouse' });
    for (const parent of [a!, b!]) {
      family.push({ person_id: child!.id, relative_id: parent.id, relation: 'parent' }, { person_id: parent.id, relative_id: child!.id, relation: 'child' });
    }
  }
  const incomeTax = people.flatMap((p) =>
    [2024, 2025].map((taxYear) => ({
      person_id: p.id,
      tax_year: taxYear,
      annual_income: (12 + draw(p.id, `income-${taxYear}`, 80)) * 1_000_000,
      unpaid_national_tax: draw(p.id, 'unpaid', 7) === 0 ? (1 + draw(p.id, 'unpaid-amount', 50)) * 100_000 : 0,
      unpaid_local_tax: draw(p.id, 'unpaid-local', 9) === 0 ? (1 + draw(p.id, 'unpaid-local-amount', 20)) * 10_000 : 0,
    })),
  );
  const military = people.map((p) => {
    const served = p.sex === 'male' && year(p.birthDate) <= 2005;
    return {
      person_id: p.id,
      status: served ? 'completed' : p.sex === 'male' ? 'awaiting-enlistment' : 'not-applicable',
      branch: served ? ['army', 'navy', 'air-force'][draw(p.id, 'branch', 3)]! : null,
      discharged_on: served ? `${year(p.birthDate) + 22}-0${1 + draw(p.id, 'discharge', 9)}-28` : null,
    };
  });
  const vehicle = people.filter((p) => draw(p.id, 'vehicle', 2) === 0).map((p) => ({
    plate: `${10 + draw(p.id, 'plate-a', 89)}${'가나다라마'[draw(p.id, 'plate-b', 5)]}${1000 + draw(p.id, 'plate-c', 8999)}`,
    owner_id: p.id, model: MODELS[draw(p.id, 'model', MODELS.length)]!, registered_on: `${2016 + draw(p.id, 'reg', 9)}-05-10`,
  }));
  const uniquePlates = [...new Map(vehicle.map((v) => [v.plate, v])).values()];
  const licence = people.filter((p) => year(p.birthDate) <= 2007 && draw(p.id, 'licence', 5) < 4).map((p) => ({
    person_id: p.id, licence_code: draw(p.id, 'licence-class', 4) === 0 ? 'class-1-large' : 'class-1-ordinary', issued_on: `${year(p.birthDate) + 20}-08-01`,
  }));
  const property = people.filter((p) => draw(p.id, 'property', 3) === 0).map((p) => ({
    id: stable('prp', p.id), owner_id: p.id, kind: draw(p.id, 'kind', 4) === 0 ? 'land' : 'building', address: p.address,
    area_m2: 40 + draw(p.id, 'area', 120), assessed_value: (150 + draw(p.id, 'value', 600)) * 1_000_000,
  }));
  const business = people.filter((p) => draw(p.id, 'business', 8) === 0).map((p, i) => ({
    registration_number: `${String(100 + draw(p.id, 'brn-a', 800))}-${String(10 + (i % 90))}-${String(10000 + draw(p.id, 'brn-c', 89999))}`,
    owner_id: p.id, trade_name: `${p.name} Trading`, status: draw(p.id, 'closed', 5) === 0 ? 'closed' : 'active', opened_on: `${2010 + draw(p.id, 'opened', 15)}-02-01`,
  }));
  const welfare = people.map((p) => {
    const disabled = draw(p.id, 'disability', 20) === 0;
    return { person_id: p.id, disability_registered: disabled, disability_severity: disabled ? (draw(p.id, 'severity', 2) === 0 ? 'severe' : 'mild') : null, basic_livelihood: draw(p.id, 'livelihood', 10) === 0 };
  });
  return { resident, address, family, incomeTax, military, vehicle: uniquePlates, licence, property, business: [...new Map(business.map((b) => [b.registration_number, b])).values()], welfare };
}

/** Publishes the demo items and approvals and fills the demo registries (once: a second run finds residents and stops). */
export async function seedSharingDemo(db: Db, input: SharingDemoInput): Promise<void> {
  const agency = (code: string) => {
    const id = input.agencyIdByCode.get(code);
    if (!id) throw new Error(`The demo country has no agency ${code}.`);
    return id;
  };
  await inTransaction(db, async (tx) => {
    await repo.insertItems(tx, DEMO_ITEMS.map((item) => ({
      code: item.code, version: item.version, provider_id: agency(item.providerCode), name_en: item.nameEn, name_ko: item.nameKo,
      fields: JSON.stringify(item.fields), predicates: JSON.stringify(item.predicates), legal_bases: JSON.stringify(item.legalBases), published_at: input.publishedAt,
    })));
    for (const a of DEMO_APPROVALS) {
      const item = DEMO_ITEMS.find((i) => i.code === a.itemCode)!;
      await repo.insertApproval(tx, {
        id: stable('apv', a.key), consumer_id: agency(a.consumerCode), provider_id: agency(item.providerCode), item_code: item.code, item_version: item.version,
        service_code: a.serviceCode, service_name: a.serviceName, legal_basis: a.legalBasis, fields: JSON.stringify(a.fields), predicates: JSON.stringify(a.predicates),
        status: a.status, applied_by: null, applied_at: input.publishedAt, decided_by: null, decided_at: a.status === 'applied' ? null : input.publishedAt,
        refusal_reason: null, expires_at: new Date(a.expiresAt),
      });
    }
    if ((await repo.countResidents(tx)) > 0) return;
    const rows = registryRows(input, agency('MOIS'));
    await repo.insertRegistryRows(tx, 'sharing_resident', rows.resident);
    await repo.insertRegistryRows(tx, 'sharing_address', rows.address);
    await repo.insertRegistryRows(tx, 'sharing_family_relation', rows.family);
    await repo.insertRegistryRows(tx, 'sharing_income_tax', rows.incomeTax);
    await repo.insertRegistryRows(tx, 'sharing_military_service', rows.military);
    await repo.insertRegistryRows(tx, 'sharing_vehicle', rows.vehicle);
    await repo.insertRegistryRows(tx, 'sharing_licence', rows.licence);
    await repo.insertRegistryRows(tx, 'sharing_property', rows.property);
    await repo.insertRegistryRows(tx, 'sharing_business', rows.business);
    await repo.insertRegistryRows(tx, 'sharing_welfare_status', rows.welfare);
  });
}
