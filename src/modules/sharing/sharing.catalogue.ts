import type { ItemField, ItemPredicate } from './sharing.tables.js';

/** An information item as its provider publishes it (the demo country's base registries). */
export interface ItemSpec {
  code: string;
  version: number;
  providerCode: string;
  nameEn: string;
  nameKo: string;
  fields: ItemField[];
  predicates: ItemPredicate[];
  legalBases: string[];
}

const f = (name: string, sensitive = false, personal = true): ItemField => ({ name, personal, sensitive });

/**
 * The demo registries. The military manpower register sits with the interior ministry because the
 * demo country has no separate military manpower agency.
 */
export const DEMO_ITEMS: ItemSpec[] = [
  {
    code: 'resident-registration', version: 1, providerCode: 'MOIS', nameEn: 'Resident registration', nameKo: '주민등록 정보',
    fields: [f('name'), f('birthDate'), f('currentAddress'), f('addressHistory'), f('householdMembers')],
    predicates: [{ name: 'resident-of-town', field: 'currentAddress' }],
    legalBases: ['Passport Act art. 9', 'Resident Registration Act art. 30', 'National Basic Living Security Act art. 22'],
  },
  {
    code: 'family-relations', version: 1, providerCode: 'MOJ', nameEn: 'Family relations', nameKo: '가족관계 정보',
    fields: [f('parents'), f('spouse'), f('children')],
    predicates: [{ name: 'has-spouse', field: 'spouse' }],
    legalBases: ['Passport Act art. 9', 'National Basic Living Security Act art. 22'],
  },
  {
    code: 'income-tax', version: 1, providerCode: 'NTS', nameEn: 'Income and tax payment status', nameKo: '소득 및 납세 정보',
    fields: [f('taxYear', false), f('annualIncome', true), f('unpaidNationalTax', true), f('unpaidLocalTax', true)],
    predicates: [{ name: 'income-below', field: 'annualIncome' }, { name: 'no-unpaid-national-tax', field: 'unpaidNationalTax' }],
    legalBases: ['Passport Act art. 9', 'Passport Act art. 12', 'National Basic Living Security Act art. 22', 'Housing Benefit Act art. 5'],
  },
  {
    code: 'military-service', version: 1, providerCode: 'MOIS', nameEn: 'Military service', nameKo: '병역 정보',
    fields: [f('status'), f('branch'), f('dischargedOn')],
    predicates: [{ name: 'service-completed', field: 'status' }],
    legalBases: ['Passport Act art. 9', 'Military Service Act art. 70'],
  },
  {
    code: 'vehicles', version: 1, providerCode: 'MOLIT', nameEn: 'Registered vehicles', nameKo: '자동차 등록 정보',
    fields: [f('vehicles')],
    predicates: [],
    legalBases: ['Motor Vehicle Management Act art. 7', 'National Basic Living Security Act art. 22'],
  },
  {
    code: 'driving-licences', version: 1, providerCode: 'MOLIT', nameEn: 'Driving licences', nameKo: '운전면허 정보',
    fields: [f('licences')],
    predicates: [{ name: 'holds-licence', field: 'licences' }],
    legalBases: ['Road Traffic Act art. 80', 'Passenger Transport Service Act art. 24'],
  },
  {
    code: 'land-buildings', version: 1, providerCode: 'MOLIT', nameEn: 'Land and buildings owned', nameKo: '토지 및 건축물 소유 정보',
    fields: [f('properties'), f('totalAssessedValue', true)],
    predicates: [{ name: 'owns-no-home', field: 'properties' }],
    legalBases: ['Housing Benefit Act art. 5', 'National Basic Living Security Act art. 22'],
  },
  {
    code: 'business-registration', version: 1, providerCode: 'NTS', nameEn: 'Business registration', nameKo: '사업자등록 정보',
    fields: [f('businesses')],
    predicates: [{ name: 'runs-active-business', field: 'businesses' }],
    legalBases: ['Value-Added Tax Act art. 8', 'Framework Act on Small and Medium Enterprises art. 2'],
  },
  {
    code: 'welfare-status', version: 1, providerCode: 'MOHW', nameEn: 'Disability and basic livelihood status', nameKo: '장애 및 기초생활수급 정보',
    fields: [f('disabilityRegistered', true), f('disabilitySeverity', true), f('basicLivelihood', true)],
    predicates: [{ name: 'receives-basic-livelihood', field: 'basicLivelihood' }, { name: 'disability-registered', field: 'disabilityRegistered' }],
    legalBases: ['Passport Act art. 9', 'Passport Act art. 22', 'Act on Welfare of Persons with Disabilities art. 32', 'Housing Benefit Act art. 5', 'National Basic Living Security Act art. 22'],
  },
];

export interface DemoApprovalSpec {
  key: string;
  consumerCode: string;
  serviceCode: string;
  serviceName: string;
  itemCode: string;
  legalBasis: string;
  fields: string[];
  predicates: string[];
  status: 'approved' | 'refused' | 'applied';
  expiresAt: string;
}

/**
 * Demo approvals: Nuri City's passport desk may use five items from four registries under three
 * articles, and its passport application screen four items from four registries under one; Daon City's
 * housing benefit uses income and land checks; Nuri City's parking permit approval has expired.
 */
export const DEMO_APPROVALS: DemoApprovalSpec[] = [
  { key: 'nuri-passport-resident', consumerCode: 'CITY-NURI', serviceCode: 'passport-issuance', serviceName: 'Passport issuance', itemCode: 'resident-registration', legalBasis: 'Passport Act art. 9', fields: ['name', 'birthDate', 'currentAddress'], predicates: [], status: 'approved', expiresAt: '2027-12-31T15:00:00Z' },
  { key: 'nuri-passport-family', consumerCode: 'CITY-NURI', serviceCode: 'passport-issuance', serviceName: 'Passport issuance', itemCode: 'family-relations', legalBasis: 'Passport Act art. 9', fields: ['parents'], predicates: [], status: 'approved', expiresAt: '2027-12-31T15:00:00Z' },
  { key: 'nuri-passport-tax', consumerCode: 'CITY-NURI', serviceCode: 'passport-issuance', serviceName: 'Passport issuance', itemCode: 'income-tax', legalBasis: 'Passport Act art. 12', fields: [], predicates: ['no-unpaid-national-tax'], status: 'approved', expiresAt: '2027-12-31T15:00:00Z' },
  { key: 'nuri-passport-welfare', consumerCode: 'CITY-NURI', serviceCode: 'passport-issuance', serviceName: 'Passport issuance', itemCode: 'welfare-status', legalBasis: 'Passport Act art. 22', fields: ['basicLivelihood'], predicates: ['receives-basic-livelihood'], status: 'approved', expiresAt: '2027-12-31T15:00:00Z' },
  { key: 'nuri-passport-military', consumerCode: 'CITY-NURI', serviceCode: 'passport-issuance', serviceName: 'Passport issuance', itemCode: 'military-service', legalBasis: 'Passport Act art. 9', fields: ['status'], predicates: [], status: 'approved', expiresAt: '2027-12-31T15:00:00Z' },
  ...(['resident-registration:name,currentAddress,householdMembers', 'family-relations:children', 'income-tax:taxYear,annualIncome', 'welfare-status:disabilityRegistered'] as const).map((spec): DemoApprovalSpec => {
    const [itemCode, fields] = spec.split(':') as [string, string];
    return { key: `nuri-livelihood-${itemCode}`, consumerCode: 'CITY-NURI', serviceCode: 'basic-livelihood', serviceName: 'Basic livelihood support', itemCode, legalBasis: 'National Basic Living Security Act art. 22', fields: fields.split(','), predicates: [], status: 'approved', expiresAt: '2027-12-31T15:00:00Z' };
  }),
  { key: 'daon-housing-income', consumerCode: 'CITY-DAON', serviceCode: 'housing-benefit', serviceName: 'Housing benefit', itemCode: 'income-tax', legalBasis: 'Housing Benefit Act art. 5', fields: ['taxYear'], predicates: ['income-below'], status: 'approved', expiresAt: '2027-06-30T15:00:00Z' },
  { key: 'daon-housing-land', consumerCode: 'CITY-DAON', serviceCode: 'housing-benefit', serviceName: 'Housing benefit', itemCode: 'land-buildings', legalBasis: 'Housing Benefit Act art. 5', fields: [], predicates: ['owns-no-home'], status: 'approved', expiresAt: '2027-06-30T15:00:00Z' },
  // The passport application desk's one screen: four items from four registries under one article.
  ...([
    ['resident-registration', ['name', 'birthDate', 'currentAddress'], []],
    ['family-relations', ['parents'], []],
    ['income-tax', [], ['no-unpaid-national-tax']],
    ['welfare-status', ['basicLivelihood'], []],
  ] as const).map(([itemCode, fields, predicates]): DemoApprovalSpec => ({
    key: `nuri-passport-application-${itemCode}`, consumerCode: 'CITY-NURI', serviceCode: 'passport-application', serviceName: 'Passport application',
    itemCode, legalBasis: 'Passport Act art. 9', fields: [...fields], predicates: [...predicates], status: 'approved', expiresAt: '2027-12-31T15:00:00Z',
  })),
  { key: 'nuri-parking-vehicles', consumerCode: 'CITY-NURI', serviceCode: 'resident-parking', serviceName: 'Resident parking permit', itemCode: 'vehicles', legalBasis: 'Motor Vehicle Management Act art. 7', fields: ['vehicles'], predicates: [], status: 'approved', expiresAt: '2026-01-31T15:00:00Z' },
  { key: 'sollae-taxi-licence', consumerCode: 'CITY-SOLLAE', serviceCode: 'taxi-licence', serviceName: 'Taxi driver qualification', itemCode: 'driving-licences', legalBasis: 'Passenger Transport Service Act art. 24', fields: [], predicates: ['holds-licence'], status: 'applied', expiresAt: '2028-03-31T15:00:00Z' },
];
