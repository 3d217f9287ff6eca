import { AGENCIES, COMMON_UNITS, TITLES } from './demo-agencies.js';
import type { DemoAgency, DemoBusiness, DemoCountry, DemoCountryOptions, DemoOfficial, DemoPerson, OfficialRole } from './demo-country.types.js';
import { COMPANY_STEMS, COMPANY_TRADES } from './demo-names.js';
import { makeDemoBrn } from './demo-numbers.js';
import { createPeopleFactory, GOVERNMENT_MAIL_DOMAIN, type PeopleFactory } from './demo-people.js';
import { DEFAULT_DEMO_SEED, PERSONA_BUSINESS, PERSONA_SPECS, type PersonaSpec } from './demo-personas.js';
import { createDemoRandom, stableId, type DemoRandom } from './demo-random.js';

export type * from './demo-country.types.js';
export { DEFAULT_DEMO_SEED, DEMO_PERSONAS, DEMO_PERSONA_BUSINESS_ID, demoPersonasFor } from './demo-personas.js';

const pad4 = (n: number) => String(n).padStart(4, '0');
const agencyMail = (code: string) => `${code.toLowerCase().replace(/^(city|cnty|prov)-/, '')}.${GOVERNMENT_MAIL_DOMAIN}`;

function buildAgencies(seed: string): DemoAgency[] {
  const idOf = (code: string) => stableId('org', seed, `agency:${code}`);
  return AGENCIES.map((a) => ({
    id: idOf(a.code),
    code: a.code,
    kind: a.kind,
    parentCode: a.parentCode,
    parentId: a.parentCode ? idOf(a.parentCode) : null,
    nameEn: a.nameEn,
    nameKo: a.nameKo,
  }));
}

function appoint(person: DemoPerson, agency: DemoAgency, title: readonly [string, string], unit: readonly [string, string], roles: OfficialRole[]): DemoOfficial {
  return { person, agencyCode: agency.code, agencyId: agency.id, title: title[0], titleEn: title[1], unit: unit[0], unitEn: unit[1], roles };
}

/** Personas first, then an admin for every agency, a few auditors, then ordinary officials. */
function buildOfficials(people: PeopleFactory, rng: DemoRandom, agencies: DemoAgency[], total: number): DemoOfficial[] {
  const byCode = new Map(agencies.map((a) => [a.code, a]));
  const agency = (code: string) => byCode.get(code) as DemoAgency;
  const ownUnit = (code: string) => AGENCIES.find((a) => a.code === code)!.unit;
  const officials: DemoOfficial[] = [];
  let n = 0;
  const next = (code: string) => people.makePerson(`official:${pad4(n++)}`, agencyMail(code));

  for (const spec of Object.values(PERSONA_SPECS) as PersonaSpec[]) {
    if (!spec.appointment) continue;
    const { agencyCode, title, unit, roles } = spec.appointment;
    officials.push(appoint(people.makePersona(spec, agencyMail(agencyCode)), agency(agencyCode), title, unit, [...roles]));
  }
  for (const a of agencies) {
    if (officials.some((o) => o.agencyCode === a.code && o.roles.includes('agency_admin'))) continue;
    officials.push(appoint(next(a.code), a, TITLES.deputyDirector, COMMON_UNITS[0]!, ['official', 'agency_admin']));
  }
  for (const code of ['BAI', 'BAI', 'ACRC']) {
    officials.push(appoint(next(code), agency(code), TITLES.auditor, ownUnit(code), ['official', 'auditor']));
  }
  const weighted = agencies.map((a) => [a, a.kind === 'platform' ? 0 : a.kind === 'public_body' ? 1 : 2] as const);
  while (officials.length < total) {
    const a = rng.weighted(weighted);
    const title = rng.weighted<readonly [string, string]>([[TITLES.officer, 6], [TITLES.deputyDirector, 3], [TITLES.teamLeader, 1], [TITLES.director, 1]]);
    const unit = rng.chance(0.6) ? ownUnit(a.code) : rng.pick(COMMON_UNITS);
    officials.push(appoint(next(a.code), a, title, unit, ['official']));
  }
  return officials;
}

function buildCitizens(people: PeopleFactory, total: number): DemoPerson[] {
  const citizens: DemoPerson[] = [];
  for (const spec of Object.values(PERSONA_SPECS) as PersonaSpec[]) {
    if (!spec.appointment) citizens.push(people.makePersona(spec, 'mail.nara.example'));
  }
  for (let i = citizens.length; i < total; i++) citizens.push(people.makePerson(`citizen:${pad4(i)}`));
  return citizens;
}

/** Businesses with distinct names and numbers; representatives are citizens not yet representing one. */
function buildBusinesses(seed: string, people: PeopleFactory, rng: DemoRandom, citizens: DemoPerson[], total: number): DemoBusiness[] {
  const personaRep = citizens.find((c) => c.key === PERSONA_SPECS[PERSONA_BUSINESS.representative].key)!;
  const reps = citizens.filter((c) => !c.key.startsWith('persona:'));
  const names = COMPANY_STEMS.flatMap((s) => COMPANY_TRADES.map((t) => [s, t] as const)).filter(
    ([s, t]) => `주식회사 ${s[0]}${t[0]}` !== PERSONA_BUSINESS.nameKo,
  );
  const businesses: DemoBusiness[] = [];
  const make = (key: string, nameKo: string, nameEn: string, brn: string, townCode: string | null, repIds: string[]): DemoBusiness => ({
    id: stableId('org', seed, key),
    code: `BIZ-${brn.replace(/-/g, '')}`,
    nameKo,
    nameEn,
    registrationNumber: brn,
    address: townCode ? people.makeAddress(people.townByCode(townCode)) : people.makeAddress(),
    representativeIds: repIds,
  });
  const p = PERSONA_BUSINESS;
  businesses.push(make(p.key, p.nameKo, p.nameEn, makeDemoBrn(p.taxOffice, p.serial), p.townCode, [personaRep.id]));
  let repIndex = 0;
  for (let i = 1; i < total; i++) {
    const [[stemKo, stemEn], [tradeKo, tradeEn]] = names.splice(rng.int(0, names.length - 1), 1)[0] ?? [['나라', 'Nara'], [`${i}`, `${i}`]];
    const count = rng.chance(0.3) ? 2 : 1;
    const repIds = reps.slice(repIndex, repIndex + count).map((c) => c.id);
    repIndex += count;
    if (repIds.length === 0) break; // fewer citizens than businesses need
    const brn = makeDemoBrn(rng.int(1, 99), i * 37 + rng.int(0, 36));
    businesses.push(make(`business:${pad4(i)}`, `주식회사 ${stemKo}${tradeKo}`, `${stemEn} ${tradeEn} Co., Ltd.`, brn, null, repIds));
  }
  return businesses;
}

/**
 * The demo country: the Republic of Nara (나라 공화국), a fictional Korean-style republic with
 * its agencies, officials, citizens and businesses. Pure and deterministic: the same seed and
 * options give byte-identical JSON.
 */
export function generateDemoCountry(seed: string = DEFAULT_DEMO_SEED, options: DemoCountryOptions = {}): DemoCountry {
  const citizenCount = Math.max(options.citizens ?? 2000, 3);
  const officialCount = options.officials ?? 100;
  const businessCount = options.businesses ?? Math.max(1, Math.min(200, Math.floor(citizenCount / 10)));
  if (businessCount > 9999 / 37) throw new Error('The demo country has at most 270 businesses.');
  const rng = createDemoRandom(seed);
  const people = createPeopleFactory(seed, rng);
  const agencies = buildAgencies(seed);
  const officials = buildOfficials(people, rng, agencies, officialCount);
  const citizens = buildCitizens(people, citizenCount);
  const businesses = buildBusinesses(seed, people, rng, citizens, businessCount);
  return { seed, nameEn: 'Republic of Nara', nameKo: '나라 공화국', agencies, officials, citizens, businesses };
}
