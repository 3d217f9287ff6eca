import { makeDemoRrn } from './demo-numbers.js';
import { stableId } from './demo-random.js';
import type { OfficialRole, Sex } from './demo-country.types.js';

/** The seed `npm start` and the docs use. */
export const DEFAULT_DEMO_SEED = 'nara-demo-1';

export interface PersonaSpec {
  key: string;
  family: readonly [string, string];
  given: readonly [string, string];
  sex: Sex;
  birthDate: string;
  /** Serial inside the demo NIN, fixed so the persona's number never changes. */
  serial: number;
  townCode: string;
  appointment?: {
    agencyCode: string;
    title: readonly [string, string];
    unit: readonly [string, string];
    roles: OfficialRole[];
  };
}

/**
 * Well-known people placed first in the demo country, so tests, docs and demo pages can rely on
 * them. Never change one that has shipped: their ids and numbers appear in docs.
 */
export const PERSONA_SPECS = {
  citizenKimMinJun: { key: 'persona:kim-min-jun', family: ['김', 'Kim'], given: ['민준', 'Min-jun'], sex: 'male', birthDate: '1990-03-15', serial: 1, townCode: 'CITY-NURI' },
  citizenLeeSeoYeon: { key: 'persona:lee-seo-yeon', family: ['이', 'Lee'], given: ['서연', 'Seo-yeon'], sex: 'female', birthDate: '2001-07-22', serial: 2, townCode: 'CITY-DAON' },
  vendorJungMinHo: { key: 'persona:jung-min-ho', family: ['정', 'Jung'], given: ['민호', 'Min-ho'], sex: 'male', birthDate: '1978-11-05', serial: 3, townCode: 'CITY-SOLLAE' },
  officialParkJiHoon: {
    key: 'persona:park-ji-hoon', family: ['박', 'Park'], given: ['지훈', 'Ji-hoon'], sex: 'male', birthDate: '1985-01-30', serial: 4, townCode: 'CITY-HARAM',
    appointment: { agencyCode: 'MOIS', title: ['사무관', 'Deputy Director'], unit: ['디지털정부정책과', 'Digital Government Policy Division'], roles: ['official'] },
  },
  cityAdminChoiSuJin: {
    key: 'persona:choi-su-jin', family: ['최', 'Choi'], given: ['수진', 'Su-jin'], sex: 'female', birthDate: '1982-09-12', serial: 5, townCode: 'CITY-NURI',
    appointment: { agencyCode: 'CITY-NURI', title: ['과장', 'Division Director'], unit: ['민원여권과', 'Civil Affairs and Passport Division'], roles: ['official', 'agency_admin'] },
  },
  auditorYoonSeoHyun: {
    key: 'persona:yoon-seo-hyun', family: ['윤', 'Yoon'], given: ['서현', 'Seo-hyun'], sex: 'female', birthDate: '1979-04-18', serial: 6, townCode: 'CITY-DAON',
    appointment: { agencyCode: 'BAI', title: ['감사관', 'Auditor'], unit: ['공공기관감사국', 'Public Institutions Audit Bureau'], roles: ['official', 'auditor'] },
  },
  platformAdminHanDoYun: {
    key: 'persona:han-do-yun', family: ['한', 'Han'], given: ['도윤', 'Do-yun'], sex: 'male', birthDate: '1988-06-02', serial: 7, townCode: 'CITY-SOLLAE',
    appointment: { agencyCode: 'PLATFORM', title: ['플랫폼 운영책임자', 'Head of Platform Operations'], unit: ['플랫폼운영팀', 'Platform Operations Team'], roles: ['official', 'agency_admin', 'platform_admin'] },
  },
} as const satisfies Record<string, PersonaSpec>;

export type PersonaName = keyof typeof PERSONA_SPECS;

/** The business the vendor persona represents; it is always the first business. */
export const PERSONA_BUSINESS = {
  key: 'business:0000',
  nameKo: '주식회사 한빛정보기술',
  nameEn: 'Hanbit Information Technology Co., Ltd.',
  taxOffice: 1,
  serial: 1,
  townCode: 'CITY-NURI',
  representative: 'vendorJungMinHo' as PersonaName,
};

export interface DemoPersonaRef {
  key: string;
  personId: string;
  displayName: string;
  nameEn: string;
  /** The persona's demo national id number (never a real person's). */
  nin: string;
  agencyCode: string | null;
}

export const personaNin = (spec: PersonaSpec) => makeDemoRrn(spec.birthDate, spec.sex, spec.serial);
export const personaId = (seed: string, spec: PersonaSpec) => stableId('per', seed, spec.key);

function personaRefs(seed: string): Record<PersonaName, DemoPersonaRef> {
  const out = {} as Record<PersonaName, DemoPersonaRef>;
  for (const [name, spec] of Object.entries(PERSONA_SPECS) as [PersonaName, PersonaSpec][]) {
    out[name] = {
      key: spec.key,
      personId: personaId(seed, spec),
      displayName: `${spec.family[0]}${spec.given[0]}`,
      nameEn: `${spec.family[1]} ${spec.given[1]}`,
      nin: personaNin(spec),
      agencyCode: spec.appointment?.agencyCode ?? null,
    };
  }
  return out;
}

/** The personas of the default demo country, with their stable ids. */
export const DEMO_PERSONAS: Readonly<Record<PersonaName, DemoPersonaRef>> = Object.freeze(personaRefs(DEFAULT_DEMO_SEED));

/** The vendor persona's business in the default demo country. */
export const DEMO_PERSONA_BUSINESS_ID = stableId('org', DEFAULT_DEMO_SEED, PERSONA_BUSINESS.key);

/** Personas for another seed (tests that load a country from their own seed). */
export const demoPersonasFor = (seed: string) => personaRefs(seed);
