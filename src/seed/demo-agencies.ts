import type { OrganisationKind } from '../kernel/identity/identity.tables.js';

/**
 * The public bodies of the Republic of Nara (나라 공화국), a fictional Korean-style republic.
 * Ministries and agencies borrow the shape of a real Korean government so the demo feels
 * familiar; provinces and cities are invented. Codes are stable: docs and tests use them.
 */
export interface AgencySpec {
  code: string;
  kind: Exclude<OrganisationKind, 'business'>;
  parentCode: string | null;
  nameEn: string;
  nameKo: string;
  /** The agency's own division, where its officials usually sit: [Korean, English]. */
  unit: readonly [string, string];
}

const ministry = (code: string, nameEn: string, nameKo: string, unit: readonly [string, string]): AgencySpec => ({
  code,
  kind: 'central_ministry',
  parentCode: null,
  nameEn,
  nameKo,
  unit,
});

const under = (parentCode: string, spec: Omit<AgencySpec, 'parentCode'>): AgencySpec => ({ ...spec, parentCode });

/** The first agency loaded; its presence tells the loader the country is already there. */
export const FIRST_AGENCY_CODE = 'PMO';

export const AGENCIES: readonly AgencySpec[] = [
  ministry('PMO', "Prime Minister's Office", '국무총리실', ['정책조정실', 'Policy Coordination Office']),
  ministry('MOIS', 'Ministry of the Interior and Safety', '행정안전부', ['디지털정부정책과', 'Digital Government Policy Division']),
  ministry('MOEF', 'Ministry of Economy and Finance', '기획재정부', ['예산총괄과', 'Budget Coordination Division']),
  ministry('MOHW', 'Ministry of Health and Welfare', '보건복지부', ['복지정책과', 'Welfare Policy Division']),
  ministry('MOE', 'Ministry of Education', '교육부', ['교육정보화과', 'Education Informatization Division']),
  ministry('MOLIT', 'Ministry of Land, Infrastructure and Transport', '국토교통부', ['국토정책과', 'National Land Policy Division']),
  ministry('ME', 'Ministry of Environment', '환경부', ['환경정책과', 'Environmental Policy Division']),
  ministry('MOJ', 'Ministry of Justice', '법무부', ['법무과', 'Legal Affairs Division']),
  ministry('MOEL', 'Ministry of Employment and Labor', '고용노동부', ['고용정책총괄과', 'Employment Policy Division']),
  ministry('MSS', 'Ministry of SMEs and Startups', '중소벤처기업부', ['창업정책과', 'Startup Policy Division']),
  ministry('MSIT', 'Ministry of Science and ICT', '과학기술정보통신부', ['정보통신정책과', 'ICT Policy Division']),
  ministry('MCST', 'Ministry of Culture, Sports and Tourism', '문화체육관광부', ['문화정책과', 'Culture Policy Division']),
  ministry('MOFA', 'Ministry of Foreign Affairs', '외교부', ['재외국민보호과', 'Overseas Nationals Protection Division']),
  ministry('BAI', 'Board of Audit and Inspection', '감사원', ['공공기관감사국', 'Public Institutions Audit Bureau']),
  under('PMO', { code: 'ACRC', kind: 'central_ministry', nameEn: 'Anti-Corruption and Civil Rights Commission', nameKo: '국민권익위원회', unit: ['고충민원심의과', 'Grievance Review Division'] }),
  under('PMO', { code: 'PIPC', kind: 'central_ministry', nameEn: 'Personal Information Protection Commission', nameKo: '개인정보보호위원회', unit: ['조사총괄과', 'Investigation Division'] }),
  under('MOEF', { code: 'PPS', kind: 'central_ministry', nameEn: 'Public Procurement Service', nameKo: '조달청', unit: ['계약관리과', 'Contract Management Division'] }),
  under('MOEF', { code: 'NTS', kind: 'central_ministry', nameEn: 'National Tax Service', nameKo: '국세청', unit: ['납세자보호과', 'Taxpayer Protection Division'] }),
  under('MOEF', { code: 'STAT', kind: 'central_ministry', nameEn: 'Statistics Nara', nameKo: '나라통계청', unit: ['통계데이터과', 'Statistical Data Division'] }),
  under('MOIS', { code: 'NARC', kind: 'central_ministry', nameEn: 'National Archives and Records Service', nameKo: '국가기록원', unit: ['기록관리과', 'Records Management Division'] }),
  under('MOIS', { code: 'PLATFORM', kind: 'platform', nameEn: 'Nara Digital Government Platform', nameKo: '나라 전자정부 플랫폼', unit: ['플랫폼운영팀', 'Platform Operations Team'] }),
  under('MOHW', { code: 'NHIS', kind: 'public_body', nameEn: 'National Health Insurance Service', nameKo: '국민건강보험공단', unit: ['자격부과실', 'Eligibility and Contributions Office'] }),
  under('MOHW', { code: 'NPS', kind: 'public_body', nameEn: 'National Pension Service', nameKo: '국민연금공단', unit: ['연금급여실', 'Pension Benefits Office'] }),
  under('MOEL', { code: 'NEIS', kind: 'public_body', nameEn: 'Nara Employment Information Service', nameKo: '나라고용정보원', unit: ['고용정보분석팀', 'Employment Data Team'] }),
  under('MOLIT', { code: 'NLHC', kind: 'public_body', nameEn: 'Nara Land and Housing Corporation', nameKo: '나라토지주택공사', unit: ['주거복지처', 'Housing Welfare Department'] }),
  { code: 'PROV-HANBIT', kind: 'province', parentCode: null, nameEn: 'Hanbit Province', nameKo: '한빛도', unit: ['자치행정과', 'Local Administration Division'] },
  { code: 'PROV-GAON', kind: 'province', parentCode: null, nameEn: 'Gaon Province', nameKo: '가온도', unit: ['자치행정과', 'Local Administration Division'] },
  under('PROV-HANBIT', { code: 'CITY-NURI', kind: 'city_district', nameEn: 'Nuri City', nameKo: '누리시', unit: ['민원여권과', 'Civil Affairs and Passport Division'] }),
  under('PROV-HANBIT', { code: 'CITY-SOLLAE', kind: 'city_district', nameEn: 'Sollae City', nameKo: '솔내시', unit: ['민원봉사과', 'Civil Service Division'] }),
  under('PROV-HANBIT', { code: 'CNTY-MARU', kind: 'city_district', nameEn: 'Maru County', nameKo: '마루군', unit: ['주민복지과', 'Resident Welfare Division'] }),
  under('PROV-GAON', { code: 'CITY-DAON', kind: 'city_district', nameEn: 'Daon City', nameKo: '다온시', unit: ['민원여권과', 'Civil Affairs and Passport Division'] }),
  under('PROV-GAON', { code: 'CITY-HARAM', kind: 'city_district', nameEn: 'Haram City', nameKo: '하람시', unit: ['세무과', 'Local Tax Division'] }),
  under('PROV-GAON', { code: 'CNTY-BYEOLBIT', kind: 'city_district', nameEn: 'Byeolbit County', nameKo: '별빛군', unit: ['주민복지과', 'Resident Welfare Division'] }),
];

/** Divisions any agency has, for officials beyond the first. */
export const COMMON_UNITS: readonly (readonly [string, string])[] = [
  ['운영지원과', 'General Services Division'],
  ['기획조정담당관', 'Planning and Coordination Office'],
  ['정보화담당관', 'Information Management Office'],
  ['민원실', 'Civil Affairs Office'],
  ['감사담당관', 'Audit and Inspection Office'],
];

/** Civil service titles, [Korean, English], junior to senior. */
export const TITLES = {
  officer: ['주무관', 'Officer'],
  deputyDirector: ['사무관', 'Deputy Director'],
  director: ['과장', 'Division Director'],
  teamLeader: ['팀장', 'Team Leader'],
  auditor: ['감사관', 'Auditor'],
  platformLead: ['플랫폼 운영책임자', 'Head of Platform Operations'],
} as const;

/** Where citizens live: the six towns with their postcode ranges ([first, last]). */
export interface TownSpec {
  agencyCode: string;
  provinceKo: string;
  provinceEn: string;
  nameKo: string;
  nameEn: string;
  postcodes: readonly [number, number];
}

export const TOWNS: readonly TownSpec[] = [
  { agencyCode: 'CITY-NURI', provinceKo: '한빛도', provinceEn: 'Hanbit-do', nameKo: '누리시', nameEn: 'Nuri-si', postcodes: [31000, 31299] },
  { agencyCode: 'CITY-SOLLAE', provinceKo: '한빛도', provinceEn: 'Hanbit-do', nameKo: '솔내시', nameEn: 'Sollae-si', postcodes: [31300, 31599] },
  { agencyCode: 'CNTY-MARU', provinceKo: '한빛도', provinceEn: 'Hanbit-do', nameKo: '마루군', nameEn: 'Maru-gun', postcodes: [31600, 31799] },
  { agencyCode: 'CITY-DAON', provinceKo: '가온도', provinceEn: 'Gaon-do', nameKo: '다온시', nameEn: 'Daon-si', postcodes: [54000, 54299] },
  { agencyCode: 'CITY-HARAM', provinceKo: '가온도', provinceEn: 'Gaon-do', nameKo: '하람시', nameEn: 'Haram-si', postcodes: [54300, 54599] },
  { agencyCode: 'CNTY-BYEOLBIT', provinceKo: '가온도', provinceEn: 'Gaon-do', nameKo: '별빛군', nameEn: 'Byeolbit-gun', postcodes: [54600, 54799] },
];
