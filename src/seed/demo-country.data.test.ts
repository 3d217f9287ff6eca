import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { generateDemoCountry, DEMO_PERSONAS, DEMO_PERSONA_BUSINESS_ID, type DemoPerson } from './demo-country.data.js';
import { isDemoRrn, isValidBrn, isValidRrn, makeDemoBrn, makeDemoRrn } from './demo-numbers.js';

const country = generateDemoCountry();
const everyone: DemoPerson[] = [...country.officials.map((o) => o.person), ...country.citizens];

const between = (value: number, min: number, max: number, what: string) =>
  assert.ok(value >= min && value <= max, `${what}: ${value} is not within ${min}-${max}`);

const allDistinct = (values: string[], what: string) => assert.equal(new Set(values).size, values.length, `${what} repeat`);

describe('generateDemoCountry', () => {
  test('the same seed gives byte-identical data and another seed different data', () => {
    assert.equal(JSON.stringify(generateDemoCountry('nara-demo-1')), JSON.stringify(country));
    const other = generateDemoCountry('another-seed');
    assert.notEqual(JSON.stringify(other), JSON.stringify(country));
    assert.notDeepEqual(other.citizens.slice(10, 20).map((c) => c.nin), country.citizens.slice(10, 20).map((c) => c.nin));
  });

  test('has the asked sizes: ~30 agencies, ~100 officials, ~2,000 citizens, ~200 businesses', () => {
    between(country.agencies.length, 28, 35, 'agencies');
    between(country.officials.length, 95, 105, 'officials');
    between(country.citizens.length, 1900, 2100, 'citizens');
    between(country.businesses.length, 180, 220, 'businesses');
    assert.equal(country.agencies.filter((a) => a.kind === 'province').length, 2);
    assert.equal(country.agencies.filter((a) => a.kind === 'city_district').length, 6);
    assert.ok(country.agencies.filter((a) => a.kind === 'central_ministry').length >= 12);
    assert.ok(country.agencies.filter((a) => a.kind === 'public_body').length >= 2);
  });

  test('a smaller country for tests keeps every agency, its admins and the personas', () => {
    const small = generateDemoCountry('nara-demo-1', { citizens: 40 });
    assert.equal(small.citizens.length, 40);
    assert.equal(small.businesses.length, 4);
    assert.equal(small.agencies.length, country.agencies.length);
    assert.deepEqual(small.citizens.slice(0, 3).map((c) => c.id), country.citizens.slice(0, 3).map((c) => c.id));
  });

  test('the agency hierarchy is a tree and every city or county sits under a province', () => {
    const byId = new Map(country.agencies.map((a) => [a.id, a]));
    allDistinct(country.agencies.map((a) => a.code), 'agency codes');
    for (const a of country.agencies) {
      if (a.parentId) assert.ok(byId.has(a.parentId), `${a.code} has an unknown parent`);
      const seen = new Set<string>();
      for (let at: string | null = a.id; at; at = byId.get(at)?.parentId ?? null) {
        assert.ok(!seen.has(at), `${a.code} is in a cycle`);
        seen.add(at);
      }
      if (a.kind === 'city_district') assert.equal(byId.get(a.parentId ?? '')?.kind, 'province', `${a.code} is not under a province`);
      if (a.kind === 'province') assert.equal(a.parentId, null);
      assert.ok(a.nameEn && /[가-힣]/.test(a.nameKo), `${a.code} lacks a name`);
    }
    for (const province of country.agencies.filter((a) => a.kind === 'province')) {
      assert.equal(country.agencies.filter((a) => a.parentId === province.id).length, 3);
    }
  });

  test('every agency has an admin; there are auditors and exactly one platform admin', () => {
    for (const a of country.agencies) {
      assert.ok(country.officials.some((o) => o.agencyId === a.id && o.roles.includes('agency_admin')), `${a.code} has no admin`);
    }
    const auditors = country.officials.filter((o) => o.roles.includes('auditor'));
    assert.ok(auditors.length >= 3);
    assert.ok(auditors.every((o) => ['BAI', 'ACRC'].includes(o.agencyCode)));
    assert.equal(country.officials.filter((o) => o.roles.includes('platform_admin')).length, 1);
    assert.ok(country.officials.every((o) => o.title && o.titleEn && o.unit && o.unitEn));
  });

  test('national id numbers are demo RRNs with valid check digits, matching birth date and sex', () => {
    for (const p of everyone) {
      assert.ok(isDemoRrn(p.nin), `${p.nin} is not a demo RRN`);
      assert.equal(p.nin.slice(0, 6), p.birthDate.slice(2).replace(/-/g, ''));
      const g = Number(p.nin[7]);
      assert.equal(g % 2 === 1 ? 'male' : 'female', p.sex);
      assert.equal(g >= 3, Number(p.birthDate.slice(0, 4)) >= 2000);
    }
    allDistinct(everyone.map((p) => p.nin), 'national id numbers');
  });

  test('people have Hangul names, reserved-domain emails, 010 phones and road-name addresses', () => {
    for (const p of everyone) {
      assert.match(p.displayName, /^[가-힣]{2,4}$/);
      assert.equal(p.displayName, `${p.familyName}${p.givenName}`);
      assert.match(p.nameEn, /^[A-Z][a-z]+ [A-Z][a-z]+-[a-z]+$/);
      assert.match(p.email, /^[a-z0-9.]+@[a-z.]+\.nara\.example$/);
      assert.match(p.phone, /^010-\d{4}-\d{4}$/);
      assert.match(p.address.line1, /^[가-힣]+(로|길) \d+$/);
      assert.match(p.address.postcode, /^\d{5}$/);
      assert.ok(!Number.isNaN(Date.parse(p.birthDate)) && new Date(p.birthDate).toISOString().startsWith(p.birthDate));
    }
    allDistinct(everyone.map((p) => p.email), 'emails');
    allDistinct(everyone.map((p) => p.phone), 'phones');
    allDistinct(everyone.map((p) => p.id), 'person ids');
  });

  test('family names are weighted like reality: Kim first, then Lee and Park', () => {
    const counts = new Map<string, number>();
    for (const c of country.citizens) counts.set(c.familyName, (counts.get(c.familyName) ?? 0) + 1);
    const ranked = [...counts].sort((a, b) => b[1] - a[1]).map(([name]) => name);
    assert.deepEqual(ranked.slice(0, 3), ['김', '이', '박']);
    between((counts.get('김') ?? 0) / country.citizens.length, 0.15, 0.3, 'share of Kim');
  });

  test('businesses are companies with valid registration numbers and citizen representatives', () => {
    const citizenIds = new Set(country.citizens.map((c) => c.id));
    for (const b of country.businesses) {
      assert.ok(isValidBrn(b.registrationNumber), `${b.registrationNumber} has a bad check digit`);
      assert.match(b.nameKo, /^주식회사 [가-힣]+$/);
      assert.match(b.nameEn, / Co\., Ltd\.$/);
      assert.ok(b.representativeIds.length >= 1 && b.representativeIds.length <= 2);
      assert.ok(b.representativeIds.every((id) => citizenIds.has(id)));
    }
    allDistinct(country.businesses.map((b) => b.registrationNumber), 'registration numbers');
    allDistinct(country.businesses.map((b) => b.nameKo), 'business names');
    allDistinct(country.businesses.flatMap((b) => b.representativeIds), 'representatives');
  });

  test('the personas come first with the exported ids and numbers', () => {
    const [kim, lee] = country.citizens;
    assert.equal(kim?.displayName, '김민준');
    assert.equal(kim?.nameEn, 'Kim Min-jun');
    assert.equal(kim?.id, DEMO_PERSONAS.citizenKimMinJun.personId);
    assert.equal(kim?.nin, DEMO_PERSONAS.citizenKimMinJun.nin);
    assert.equal(lee?.displayName, '이서연');
    const official = country.officials.find((o) => o.person.id === DEMO_PERSONAS.officialParkJiHoon.personId);
    assert.equal(official?.agencyCode, 'MOIS');
    const cityAdmin = country.officials.find((o) => o.person.id === DEMO_PERSONAS.cityAdminChoiSuJin.personId);
    assert.equal(country.agencies.find((a) => a.id === cityAdmin?.agencyId)?.kind, 'city_district');
    assert.ok(cityAdmin?.roles.includes('agency_admin'));
    assert.ok(country.officials.find((o) => o.person.id === DEMO_PERSONAS.auditorYoonSeoHyun.personId)?.roles.includes('auditor'));
    assert.ok(country.officials.find((o) => o.person.id === DEMO_PERSONAS.platformAdminHanDoYun.personId)?.roles.includes('platform_admin'));
    assert.equal(country.businesses[0]?.id, DEMO_PERSONA_BUSINESS_ID);
    assert.deepEqual(country.businesses[0]?.representativeIds, [DEMO_PERSONAS.vendorJungMinHo.personId]);
  });
});

describe('check digits', () => {
  test('business registration numbers: real published numbers pass, a changed digit fails', () => {
    assert.ok(isValidBrn('124-81-00998'));
    assert.ok(isValidBrn('220-81-62517'));
    assert.ok(!isValidBrn('124-81-00997'));
    assert.ok(!isValidBrn('1248100998'));
    for (let serial = 0; serial < 500; serial++) assert.ok(isValidBrn(makeDemoBrn(serial % 100, serial * 7)));
  });

  test('resident registration numbers: every demo number passes, any changed check digit fails', () => {
    for (let serial = 0; serial < 1000; serial += 7) {
      const rrn = makeDemoRrn('1990-03-15', serial % 2 ? 'male' : 'female', serial);
      assert.ok(isValidRrn(rrn));
      const last = Number(rrn.at(-1));
      assert.ok(!isValidRrn(`${rrn.slice(0, -1)}${(last + 1) % 10}`));
    }
    assert.ok(!isValidRrn('9003151990011'), 'needs the dash');
  });
});
