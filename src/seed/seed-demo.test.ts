import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { createTestDatabase } from '../../test/support/database.js';
import { fixedClock } from '../kernel/clock.js';
import { loadConfig } from '../kernel/config/config.js';
import type { DatabaseHandle } from '../kernel/db/database.js';
import { migrate } from '../kernel/db/migrator.js';
import { createLogger } from '../kernel/http/logger.js';
import { createKernel, migrationSourcesFor, type Kernel } from '../kernel/kernel.js';
import { allModules } from '../modules/index.js';
import { DEMO_PERSONA_BUSINESS_ID, DEMO_PERSONAS, generateDemoCountry } from './demo-country.data.js';
import { hasNoOrganisations, isDemoCountryLoaded, seedDemoCountry, seedDemoCountryIfEmpty, type SeedDemoResult } from './seed-demo.js';

const SIZE = { citizens: 120 };

describe('seedDemoCountry on a real database', () => {
  let database: DatabaseHandle;
  let kernel: Kernel;
  let first: SeedDemoResult;
  let wasEmpty: boolean;
  let skippedWithoutDemo: SeedDemoResult | undefined;

  const count = async (table: 'person' | 'organisation' | 'official' | 'business_member' | 'procurement_tender' | 'procurement_tender_item') =>
    Number((await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(kernel.db)).rows[0]?.n);

  before(async () => {
    database = await createTestDatabase();
    await migrate(database.db, migrationSourcesFor(allModules));
    const config = loadConfig({ NARA_ENV: 'test', NARA_DATA_DIR: '.nara-test', NARA_LOG_LEVEL: 'silent' });
    kernel = createKernel({ config, database, modules: allModules, clock: fixedClock(new Date('2026-03-02T09:00:00+09:00')), logger: createLogger('silent') });
    wasEmpty = await hasNoOrganisations(kernel.db);
    skippedWithoutDemo = await seedDemoCountryIfEmpty({ ...kernel, config: { ...config, demo: false } });
    // As if an earlier load had stopped after writing some people: the retry must finish it.
    const early = generateDemoCountry('nara-demo-1', SIZE).citizens[5]!;
    await kernel.identity.createPerson({ id: early.id, givenName: early.givenName, familyName: early.familyName, nin: early.nin });
    first = await seedDemoCountry(kernel, SIZE);
  });
  after(() => database.close());

  test('loads every agency, official, citizen, business and membership of the generated country', async () => {
    const country = generateDemoCountry('nara-demo-1', SIZE);
    assert.equal(wasEmpty, true);
    assert.equal(skippedWithoutDemo, undefined, 'without NARA_DEMO nothing is loaded');
    assert.equal(first.status, 'loaded');
    assert.deepEqual(
      [first.agencies, first.officials, first.citizens, first.businesses],
      [country.agencies.length, country.officials.length, country.citizens.length, country.businesses.length],
    );
    assert.equal(await count('organisation'), country.agencies.length + country.businesses.length);
    assert.equal(await count('person'), country.officials.length + country.citizens.length);
    assert.equal(await count('official'), country.officials.length);
    assert.equal(await count('business_member'), country.businesses.reduce((n, b) => n + b.representativeIds.length, 0));
    assert.equal(await hasNoOrganisations(kernel.db), false);
    assert.equal(await isDemoCountryLoaded(kernel.db), true);
    assert.equal(await count('procurement_tender'), 3, 'the demo tenders are published');
    assert.ok((await count('procurement_tender_item')) >= 3);
  });

  test('a second run changes nothing and says the country is already loaded', async () => {
    const counts = async () => [await count('person'), await count('organisation'), await count('official'), await count('business_member')];
    const before = await counts();
    const again = await seedDemoCountry(kernel, SIZE);
    assert.equal(again.status, 'already_loaded');
    assert.deepEqual(await counts(), before);
  });

  test('national id numbers are not stored in clear anywhere in the person table', async () => {
    const country = generateDemoCountry('nara-demo-1', SIZE);
    for (const person of [country.citizens[0]!, country.citizens[50]!, country.officials[10]!.person]) {
      for (const form of [person.nin, person.nin.replace('-', '')]) {
        const found = await sql<{ n: number }>`select count(*)::int as n from person p where position(${form} in p::text) > 0`.execute(kernel.db);
        assert.equal(found.rows[0]?.n, 0, `${form} is readable in the person table`);
      }
    }
  });

  test('a persona can be found by their national id number through the identity service', async () => {
    const kim = await kernel.identity.findPersonByNin(DEMO_PERSONAS.citizenKimMinJun.nin);
    assert.equal(kim?.id, DEMO_PERSONAS.citizenKimMinJun.personId);
    assert.equal(kim?.displayName, '김민준');
    assert.equal(kim?.addressTown, '한빛도 누리시');
    assert.equal(await kernel.identity.revealNin(kim!.id), DEMO_PERSONAS.citizenKimMinJun.nin.replace('-', ''));
  });

  test('personas hold the roles the demo relies on', async () => {
    const roles = async (personId: string) => (await kernel.identity.rolesOf(personId)).map((g) => g.role);
    const cityAdmin = await kernel.identity.rolesOf(DEMO_PERSONAS.cityAdminChoiSuJin.personId);
    const nuri = cityAdmin.find((g) => g.role === 'agency_admin')?.organisationId;
    assert.equal((await kernel.identity.getOrganisation(nuri!))?.code, 'CITY-NURI');
    assert.ok((await roles(DEMO_PERSONAS.platformAdminHanDoYun.personId)).includes('platform_admin'));
    assert.ok((await roles(DEMO_PERSONAS.auditorYoonSeoHyun.personId)).includes('auditor'));
    assert.ok((await roles(DEMO_PERSONAS.officialParkJiHoon.personId)).includes('official'));
    assert.deepEqual(await kernel.identity.businessesOf(DEMO_PERSONAS.vendorJungMinHo.personId), [DEMO_PERSONA_BUSINESS_ID]);
    assert.ok((await roles(DEMO_PERSONAS.citizenLeeSeoYeon.personId)).includes('citizen'));
    const chain = await kernel.identity.organisationChain(nuri!);
    assert.deepEqual(chain.map((o) => o.code), ['CITY-NURI', 'PROV-HANBIT']);
  });
});
