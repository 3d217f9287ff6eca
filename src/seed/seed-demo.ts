import { inTransaction, type Db } from '../kernel/db/database.js';
import type { NewOrganisationInput, NewPersonInput } from '../kernel/identity/identity.service.js';
import type { Kernel } from '../kernel/kernel.js';
import { seedEpeopleDemo, seedProtectionOfficersDemo } from '../modules/epeople/index.js';
import { seedSharingDemo } from '../modules/sharing/index.js';
import { seedGov24Demo } from '../modules/gov24/index.js';
import { seedProcurementDemo } from '../modules/procurement/index.js';
import { FIRST_AGENCY_CODE } from './demo-agencies.js';
import { createDemoCountryRepository } from './demo-country.repository.js';
import { DEFAULT_DEMO_SEED, generateDemoCountry, type DemoCountry, type DemoCountryOptions, type DemoPerson } from './demo-country.data.js';

/** What the loader needs of the kernel: the database and the identity service; with the PKI, the personas' certificates too. */
export type SeedTarget = Pick<Kernel, 'db' | 'identity'> & Partial<Pick<Kernel, 'pki'>>;

export interface SeedDemoOptions extends DemoCountryOptions {
  seed?: string;
}

export interface SeedDemoResult {
  /** "already_loaded" when the country's first agency was found and nothing was written. */
  status: 'loaded' | 'already_loaded';
  agencies: number;
  officials: number;
  citizens: number;
  businesses: number;
  /** Wall time of the load, for the CLI summary. */
  milliseconds: number;
}

/** People per transaction: short, since the embedded database has one connection. */
const PEOPLE_PER_TRANSACTION = 400;

const toPersonInput = (p: DemoPerson): NewPersonInput => ({
  id: p.id,
  givenName: p.givenName,
  familyName: p.familyName,
  displayName: p.displayName,
  birthDate: p.birthDate,
  email: p.email,
  phone: p.phone,
  addressLine1: p.address.line1,
  addressLine2: p.address.line2,
  addressTown: p.address.town,
  addressPostcode: p.address.postcode,
  locale: 'ko',
  nin: p.nin,
});

function organisationInputs(country: DemoCountry): NewOrganisationInput[] {
  return [
    ...country.agencies.map((a) => ({ id: a.id, kind: a.kind, parentId: a.parentId, code: a.code, nameEn: a.nameEn, nameKo: a.nameKo })),
    ...country.businesses.map((b) => ({
      id: b.id,
      kind: 'business' as const,
      code: b.code,
      nameEn: b.nameEn,
      nameKo: b.nameKo,
      businessRegistrationNumber: b.registrationNumber,
    })),
  ];
}

/** People in batches; each batch skips people a failed earlier run already wrote. */
async function loadPeople(target: SeedTarget, people: DemoPerson[]): Promise<void> {
  for (let i = 0; i < people.length; i += PEOPLE_PER_TRANSACTION) {
    const batch = people.slice(i, i + PEOPLE_PER_TRANSACTION);
    await inTransaction(target.db, async (tx) => {
      const existing = await createDemoCountryRepository(tx).existingPersonIds(batch.map((p) => p.id));
      const fresh = batch.filter((p) => !existing.has(p.id));
      await target.identity.createPeople(fresh.map(toPersonInput), tx);
      await target.identity.grantRoles(batch.map((p) => ({ personId: p.id, role: 'citizen' as const, organisationId: null })), tx);
    });
  }
}

/**
 * Organisations, appointments, roles and memberships in one transaction, so the first agency
 * (the "already loaded" marker) exists only when the whole country does.
 */
async function loadStructure(target: SeedTarget, country: DemoCountry): Promise<void> {
  const { identity } = target;
  await inTransaction(target.db, async (tx) => {
    await identity.createOrganisations(organisationInputs(country), tx);
    await identity.appointOfficials(
      country.officials.map((o) => ({ personId: o.person.id, organisationId: o.agencyId, title: o.title, unit: o.unit })),
      tx,
    );
    const grants = country.officials.flatMap((o) =>
      o.roles
        .filter((role) => role !== 'official')
        .map((role) => ({ personId: o.person.id, role, organisationId: role === 'agency_admin' ? o.agencyId : null })),
    );
    await identity.grantRoles(grants, tx);
    await identity.addBusinessMembers(
      country.businesses.flatMap((b) => b.representativeIds.map((personId) => ({ personId, organisationId: b.id }))),
      tx,
    );
  });
}

/**
 * Signing certificates for the persona officials and the vendor persona, so the demo can sign
 * at once; each issuance is a public entry in the transparency log.
 */
async function issuePersonaCertificates(pki: Kernel['pki'], country: DemoCountry): Promise<void> {
  for (const official of country.officials.filter((o) => o.person.key.startsWith('persona:'))) {
    await pki.issueOfficialCertificate(official.person.id, official.agencyId);
  }
  const business = country.businesses[0];
  const vendor = business?.representativeIds[0];
  if (business && vendor) await pki.issueBusinessCertificate(vendor, business.id);
}

/** True when the demo country (its first agency) is in the database. */
export function isDemoCountryLoaded(db: Db): Promise<boolean> {
  return createDemoCountryRepository(db).hasOrganisationCode(FIRST_AGENCY_CODE);
}

/** True when no organisation exists at all: an empty install `nara start` may fill. */
export async function hasNoOrganisations(db: Db): Promise<boolean> {
  return (await createDemoCountryRepository(db).countOrganisations()) === 0;
}

/**
 * Loads the demo country (see generateDemoCountry). Idempotent: a second run finds the first
 * agency and returns "already_loaded". Tests pass `{ citizens: 50 }` for a small country.
 */
export async function seedDemoCountry(target: SeedTarget, options: SeedDemoOptions = {}): Promise<SeedDemoResult> {
  const started = performance.now();
  const { seed = DEFAULT_DEMO_SEED, ...sizes } = options;
  const country = generateDemoCountry(seed, sizes);
  const summary = {
    agencies: country.agencies.length,
    officials: country.officials.length,
    citizens: country.citizens.length,
    businesses: country.businesses.length,
  };
  if (await isDemoCountryLoaded(target.db)) {
    return { status: 'already_loaded', ...summary, milliseconds: Math.round(performance.now() - started) };
  }
  const people = [...country.citizens, ...country.officials.map((o) => o.person)];
  const isPersona = (p: DemoPerson) => p.key.startsWith('persona:');
  // One transaction per persona first: lists ordered by created_at then show them in order.
  for (const persona of people.filter(isPersona)) await loadPeople(target, [persona]);
  await loadPeople(target, people.filter((p) => !isPersona(p)));
  await loadStructure(target, country);
  if (target.pki) await issuePersonaCertificates(target.pki, country);
  // Module demo data, tied to the country's agencies and to citizens who are not personas.
  await seedEpeopleDemo(target.db, {
    agencyIdByCode: new Map(country.agencies.map((a) => [a.code, a.id])),
    citizenIds: country.citizens.filter((p) => !isPersona(p)).slice(0, 5).map((p) => p.id),
  });
  await seedProtectionOfficersDemo(target.db, {
    agencyIdByCode: new Map(country.agencies.map((a) => [a.code, a.id])),
    officials: country.officials.map((o) => ({ personId: o.person.id, agencyId: o.agencyId })),
    now: new Date('2026-01-02T00:00:00Z'),
  });
  await seedSharingDemo(target.db, {
    agencyIdByCode: new Map(country.agencies.map((a) => [a.code, a.id])),
    citizens: country.citizens.map((p) => ({ id: p.id, name: p.displayName, birthDate: p.birthDate, sex: p.sex, address: `${p.address.line1En}, ${p.address.townEn}` })),
    publishedAt: new Date('2026-01-02T00:00:00Z'),
  });
  // The Gov24 catalogue, published by the country's agencies (fixed publication time: deterministic).
  await seedGov24Demo(target.db, { agencyIdByCode: new Map(country.agencies.map((a) => [a.code, a.id])), now: new Date('2026-01-02T00:00:00Z') });
  await seedProcurementDemo(target.db, {
    agencyIdByCode: new Map(country.agencies.map((a) => [a.code, a.id])),
    officials: country.officials.map((o) => ({ personId: o.person.id, agencyId: o.agencyId })),
    now: new Date(),
  });
  return { status: 'loaded', ...summary, milliseconds: Math.round(performance.now() - started) };
}

/** On a demo install (NARA_DEMO) with no organisation at all, loads the demo country; else nothing. */
export async function seedDemoCountryIfEmpty(kernel: SeedTarget & Pick<Kernel, 'config'>): Promise<SeedDemoResult | undefined> {
  if (!kernel.config.demo || !(await hasNoOrganisations(kernel.db))) return undefined;
  return seedDemoCountry(kernel);
}

/** One line for the CLI: what was loaded and how long it took. */
export function describeSeedResult(result: SeedDemoResult): string {
  const counts = `${result.agencies} agencies, ${result.officials} officials, ${result.citizens} citizens, ${result.businesses} businesses`;
  return result.status === 'already_loaded'
    ? `The demo country is already loaded (${counts}); nothing was changed.`
    : `Loaded the demo country, the Republic of Nara: ${counts} in ${(result.milliseconds / 1000).toFixed(1)} s.`;
}
