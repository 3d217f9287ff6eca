import { TOWNS, type TownSpec } from './demo-agencies.js';
import type { DemoAddress, DemoPerson, Sex } from './demo-country.types.js';
import { FAMILY_NAMES, GIVEN_NAMES_OLDER, GIVEN_NAMES_YOUNGER, ROAD_NAMES } from './demo-names.js';
import { makeDemoRrn } from './demo-numbers.js';
import type { PersonaSpec } from './demo-personas.js';
import { stableId, type DemoRandom } from './demo-random.js';

/** Citizens' mail domain: `.example` is reserved (RFC 2606), so no mail ever leaves. */
export const CITIZEN_MAIL_DOMAIN = 'mail.nara.example';
/** Officials' mail lives under `<agency>.go.nara.example`. */
export const GOVERNMENT_MAIL_DOMAIN = 'go.nara.example';

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/**
 * Makes demo people one after another from one random stream, keeping national id numbers,
 * emails and phone numbers unique across the whole country.
 */
export function createPeopleFactory(seed: string, rng: DemoRandom) {
  const nins = new Set<string>();
  const emails = new Set<string>();
  const phones = new Set<string>();

  const unique = (set: Set<string>, make: (attempt: number) => string): string => {
    for (let attempt = 0; ; attempt++) {
      const value = make(attempt);
      if (!set.has(value)) {
        set.add(value);
        return value;
      }
    }
  };

  const townByCode = (code: string): TownSpec => {
    const town = TOWNS.find((t) => t.agencyCode === code);
    if (!town) throw new Error(`No demo town ${code}`);
    return town;
  };

  function makeAddress(town: TownSpec = rng.pick(TOWNS)): DemoAddress {
    const [road, roadEn] = rng.pick(ROAD_NAMES);
    const number = rng.int(1, 320);
    const isApartment = rng.chance(0.6);
    const building = 100 + rng.int(1, 15);
    const unit = rng.int(1, 25) * 100 + rng.int(1, 6);
    return {
      line1: `${road} ${number}`,
      line1En: `${number} ${roadEn}`,
      line2: isApartment ? `${building}동 ${unit}호` : null,
      line2En: isApartment ? `${building}-dong ${unit}-ho` : null,
      town: `${town.provinceKo} ${town.nameKo}`,
      townEn: `${town.nameEn}, ${town.provinceEn}`,
      postcode: String(rng.int(town.postcodes[0], town.postcodes[1])),
      townCode: town.agencyCode,
    };
  }

  function randomBirthDate(): string {
    const year = rng.weighted([
      [rng.int(1945, 1964), 2],
      [rng.int(1965, 1989), 5],
      [rng.int(1990, 2007), 4],
    ]);
    const month = rng.int(1, 12);
    const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
    const days = month === 2 && leap ? 29 : (DAYS_IN_MONTH[month - 1] ?? 28);
    return `${year}-${pad(month)}-${pad(rng.int(1, days))}`;
  }

  const emailLocal = (givenEn: string, familyEn: string, birthDate: string) =>
    `${givenEn.replace(/-/g, '').toLowerCase()}.${familyEn.toLowerCase()}${birthDate.slice(2, 4)}`;

  function assemble(
    key: string,
    names: { family: readonly [string, string]; given: readonly [string, string] },
    details: { sex: Sex; birthDate: string; address: DemoAddress; serial?: number; mailDomain: string },
  ): DemoPerson {
    const { sex, birthDate } = details;
    const nin = unique(nins, (attempt) =>
      makeDemoRrn(birthDate, sex, attempt === 0 && details.serial !== undefined ? details.serial : rng.int(100, 999)),
    );
    const local = emailLocal(names.given[1], names.family[1], birthDate);
    const email = unique(emails, (attempt) => `${local}${attempt === 0 ? '' : `.${attempt + 1}`}@${details.mailDomain}`);
    const phone = unique(phones, () => `010-${rng.digits(4)}-${rng.digits(4)}`);
    return {
      key,
      id: stableId('per', seed, key),
      familyName: names.family[0],
      givenName: names.given[0],
      displayName: `${names.family[0]}${names.given[0]}`,
      nameEn: `${names.family[1]} ${names.given[1]}`,
      sex,
      birthDate,
      nin,
      email,
      phone,
      address: details.address,
    };
  }

  return {
    makePersona(spec: PersonaSpec, mailDomain: string): DemoPerson {
      const address = makeAddress(townByCode(spec.townCode));
      return assemble(spec.key, spec, { sex: spec.sex, birthDate: spec.birthDate, address, serial: spec.serial, mailDomain });
    },
    makePerson(key: string, mailDomain = CITIZEN_MAIL_DOMAIN): DemoPerson {
      const sex: Sex = rng.chance(0.5) ? 'male' : 'female';
      const birthDate = randomBirthDate();
      const pool = Number(birthDate.slice(0, 4)) >= 1988 ? GIVEN_NAMES_YOUNGER : GIVEN_NAMES_OLDER;
      const family = rng.weighted(FAMILY_NAMES);
      const given = rng.pick(pool[sex]);
      return assemble(key, { family, given }, { sex, birthDate, address: makeAddress(), mailDomain });
    },
    makeAddress,
    townByCode,
  };
}

export type PeopleFactory = ReturnType<typeof createPeopleFactory>;
