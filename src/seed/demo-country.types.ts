import type { OrganisationKind, RoleName } from '../kernel/identity/identity.tables.js';

export type Sex = 'male' | 'female';

/** A road-name address (도로명주소) in one of the demo towns, in Korean and romanised. */
export interface DemoAddress {
  /** Road and building number: "중앙로 123". */
  line1: string;
  line1En: string;
  /** Apartment building and unit, when there is one: "101동 1203호". */
  line2: string | null;
  line2En: string | null;
  /** Province and town: "한빛도 누리시". */
  town: string;
  townEn: string;
  postcode: string;
  /** The city or county agency the address belongs to. */
  townCode: string;
}

export interface DemoAgency {
  id: string;
  code: string;
  kind: Exclude<OrganisationKind, 'business'>;
  parentCode: string | null;
  parentId: string | null;
  nameEn: string;
  nameKo: string;
}

export interface DemoPerson {
  /** Stable key the id derives from: "persona:kim-min-jun", "citizen:0042", "official:0007". */
  key: string;
  id: string;
  familyName: string;
  givenName: string;
  /** Hangul, family name first, no space: "김민준". */
  displayName: string;
  /** Romanised for English contexts: "Kim Min-jun". */
  nameEn: string;
  sex: Sex;
  birthDate: string;
  /** Demo national id number in RRN shape; see demo-numbers.ts. Clear text only here. */
  nin: string;
  email: string;
  phone: string;
  address: DemoAddress;
}

export type OfficialRole = Extract<RoleName, 'official' | 'agency_admin' | 'auditor' | 'platform_admin'>;

export interface DemoOfficial {
  person: DemoPerson;
  agencyCode: string;
  agencyId: string;
  title: string;
  titleEn: string;
  unit: string;
  unitEn: string;
  /** Roles granted at the official's agency; platform_admin and auditor are platform-wide. */
  roles: OfficialRole[];
}

export interface DemoBusiness {
  id: string;
  code: string;
  /** "주식회사 한빛정보기술". */
  nameKo: string;
  /** "Hanbit Information Technology Co., Ltd.". */
  nameEn: string;
  /** XXX-XX-XXXXX with a valid check digit; see demo-numbers.ts. */
  registrationNumber: string;
  address: DemoAddress;
  /** Citizens who represent the business (business members with the vendor role). */
  representativeIds: string[];
}

export interface DemoCountry {
  seed: string;
  nameEn: string;
  nameKo: string;
  agencies: DemoAgency[];
  officials: DemoOfficial[];
  citizens: DemoPerson[];
  businesses: DemoBusiness[];
}

export interface DemoCountryOptions {
  /** Citizens to generate (default 2,000; at least the persona citizens). */
  citizens?: number;
  /** Officials (default 100; at least one admin per agency plus the personas). */
  officials?: number;
  /** Businesses (default 200, or a tenth of the citizens when fewer citizens are asked). */
  businesses?: number;
}
