import { FACT_ITEMS, type FormField, type ServiceDefinition, type Text } from './gov24.catalogue.js';

/**
 * The demo country's catalogue, generated deterministically from compact templates: central
 * services published once, local services published by each of the six cities and counties.
 * Services with a form can be applied for end to end; the rest are information pages.
 */

const T = (en: string, ko: string): Text => ({ en, ko });
const LOCAL_AGENCIES: readonly [string, Text][] = [
  ['CITY-NURI', T('Nuri City', '누리시')],
  ['CITY-SOLLAE', T('Sollae City', '솔내시')],
  ['CNTY-MARU', T('Maru County', '마루군')],
  ['CITY-DAON', T('Daon City', '다온시')],
  ['CITY-HARAM', T('Haram City', '하람시')],
  ['CNTY-BYEOLBIT', T('Byeolbit County', '별빛군')],
];

const text = (name: string, en: string, ko: string, extra: Partial<FormField> = {}): FormField => ({ name, type: 'text', label: T(en, ko), required: true, ...extra });
const choice = (name: string, en: string, ko: string, options: [string, string, string][], extra: Partial<FormField> = {}): FormField => ({
  name, type: 'choice', label: T(en, ko), required: true, options: options.map(([value, oen, oko]) => ({ value, label: T(oen, oko) })), ...extra,
});
const date = (name: string, en: string, ko: string): FormField => ({ name, type: 'date', label: T(en, ko), hint: T('For example, 2026-03-27', '예: 2026-03-27'), required: true });
const yesno = (name: string, en: string, ko: string): FormField => ({ name, type: 'yesno', label: T(en, ko), required: true });
/** Below the 1 MiB request body limit, with room for the form around the file. */
const MAX_UPLOAD_BYTES = 900 * 1024;
const bankAccount = text('bankAccount', 'Bank account for payments', '급여를 받을 계좌번호', {
  pattern: '\\d{2,6}-\\d{2,6}-\\d{2,8}', patternHint: T('Digits in groups with hyphens, like 110-123-456789', '110-123-456789처럼 숫자와 하이픈으로'), maxLength: 30,
});

interface Applicable {
  code: string;
  agencyCode: string;
  category: ServiceDefinition['category'];
  lifeEvent: ServiceDefinition['lifeEvent'];
  ageGroup: ServiceDefinition['ageGroup'];
  name: Text;
  summary: Text;
  law: Text;
  feeKrw: number;
  days: number;
  facts: string[];
  form: FormField[];
  keywords?: string;
  routeTo?: 'residence';
  documents?: ServiceDefinition['documents'];
}

/** Central services that can be applied for online. */
const CENTRAL_APPLICABLE: Applicable[] = [
  {
    code: 'passport-issuance', agencyCode: 'MOFA', category: 'travel', lifeEvent: null, ageGroup: 'all',
    name: T('Passport issuance', '여권 발급'), summary: T('Apply for a new passport or replace an expired one.', '새 여권을 신청하거나 만료된 여권을 재발급받습니다.'),
    law: T('Passport Act, Article 9', '여권법 제9조'), feeKrw: 50000, days: 4, facts: ['resident.name', 'resident.birthDate', 'resident.address'],
    keywords: 'passport travel abroad 여권 해외여행 재발급', routeTo: 'residence',
    form: [
      choice('passportType', 'Which passport do you need?', '어떤 여권이 필요합니까?', [['regular58', '58 pages', '58면'], ['regular26', '26 pages', '26면']]),
      choice('validity', 'How long should it be valid?', '유효기간을 선택하세요', [['10', '10 years', '10년'], ['5', '5 years', '5년']]),
      choice('delivery', 'How do you want to receive it?', '어떻게 받으시겠습니까?', [['collect', 'Collect at the city hall', '시청에서 수령'], ['post', 'By registered post', '등기우편']]),
      text('postAddress', 'Address to post it to', '받을 주소', { showIf: { field: 'delivery', equals: 'post' }, maxLength: 200 }),
    ],
  },
  {
    code: 'child-allowance', agencyCode: 'MOHW', category: 'welfare', lifeEvent: 'birth', ageGroup: 'child',
    name: T('Child allowance', '아동수당'), summary: T('A monthly allowance for every child under eight.', '만 8세 미만 아동에게 매월 지급하는 수당입니다.'),
    law: T('Child Allowance Act, Article 4', '아동수당법 제4조'), feeKrw: 0, days: 30, facts: ['resident.name', 'family.children', 'resident.address'],
    keywords: 'child allowance baby birth 아동수당 출산 육아',
    form: [text('childName', 'Child’s full name', '아동 이름', { maxLength: 50 }), date('childBirthDate', 'Child’s date of birth', '아동 생년월일'), bankAccount],
  },
  {
    code: 'basic-pension', agencyCode: 'NPS', category: 'welfare', lifeEvent: 'retirement', ageGroup: 'senior',
    name: T('Basic pension', '기초연금'), summary: T('A monthly pension for residents aged 65 and over with lower income.', '소득이 적은 만 65세 이상 주민에게 매월 지급하는 연금입니다.'),
    law: T('Basic Pension Act, Article 3', '기초연금법 제3조'), feeKrw: 0, days: 30, facts: ['resident.name', 'resident.birthDate', 'income.bracket', 'pension.enrolment'],
    keywords: 'basic pension old age senior 기초연금 노령',
    form: [yesno('livesAlone', 'Do you live alone?', '혼자 사십니까?'), bankAccount],
  },
  {
    code: 'unemployment-benefit', agencyCode: 'MOEL', category: 'employment', lifeEvent: 'job-loss', ageGroup: 'adult',
    name: T('Unemployment benefit', '구직급여'), summary: T('Income support while you look for a new job after losing one.', '실직 후 재취업 활동 기간 동안 받는 급여입니다.'),
    law: T('Employment Insurance Act, Article 40', '고용보험법 제40조'), feeKrw: 0, days: 14, facts: ['resident.name', 'employment.insured'],
    keywords: 'unemployment job loss benefit 실업급여 구직급여 실직',
    form: [
      text('lastEmployer', 'Your last employer', '마지막 직장', { maxLength: 100 }),
      date('leftOn', 'The last day you worked', '마지막 근무일'),
      choice('reason', 'Why did the job end?', '퇴직 사유', [['dismissed', 'Dismissed or made redundant', '해고 또는 권고사직'], ['contractEnded', 'Contract ended', '계약 만료'], ['other', 'Another reason', '기타']]),
      { name: 'otherReason', type: 'textarea', label: T('Tell us the reason', '사유를 적어 주세요'), required: true, maxLength: 1000, showIf: { field: 'reason', equals: 'other' } },
    ],
  },
  {
    code: 'youth-rent-support', agencyCode: 'NLHC', category: 'housing', lifeEvent: 'moving', ageGroup: 'youth',
    name: T('Monthly rent support for young people', '청년 월세 지원'), summary: T('Up to 200,000 won a month towards rent for young people living alone.', '혼자 사는 청년에게 월세를 월 최대 20만 원 지원합니다.'),
    law: T('Framework Act on Youth, Article 20', '청년기본법 제20조'), feeKrw: 0, days: 30, facts: ['resident.name', 'resident.birthDate', 'income.bracket', 'resident.address'],
    keywords: 'youth rent housing support 청년 월세 주거',
    form: [
      { name: 'monthlyRent', type: 'number', label: T('Monthly rent in won', '월세(원)'), required: true, min: 1, max: 5000000 },
      text('landlordName', 'Landlord’s name', '임대인 이름', { maxLength: 50 }),
      bankAccount,
    ],
  },
  {
    code: 'tax-payment-certificate', agencyCode: 'NTS', category: 'tax', lifeEvent: null, ageGroup: 'adult',
    name: T('Tax payment certificate', '납세증명서'), summary: T('A certificate that you owe no national tax.', '국세 체납이 없음을 증명합니다.'),
    law: T('National Tax Collection Act, Article 107', '국세징수법 제107조'), feeKrw: 0, days: 1, facts: ['resident.name', 'tax.paymentStatus'],
    keywords: 'tax certificate 납세증명 세금',
    form: [choice('purpose', 'What is it for?', '용도', [['contract', 'A public contract', '공공계약'], ['visa', 'A visa or residence abroad', '비자 또는 해외 체류'], ['other', 'Something else', '기타']])],
  },
  {
    code: 'business-registration', agencyCode: 'NTS', category: 'business', lifeEvent: 'startup', ageGroup: 'adult',
    name: T('Business registration', '사업자등록 신청'), summary: T('Register a new business with the tax office.', '새 사업을 세무서에 등록합니다.'),
    law: T('Value-Added Tax Act, Article 8', '부가가치세법 제8조'), feeKrw: 0, days: 3, facts: ['resident.name', 'resident.address', 'tax.paymentStatus'],
    keywords: 'business start company registration 창업 사업자등록',
    // No agency holds a private lease: the applicant uploads it.
    documents: [{ name: 'leaseContract', label: T('Lease contract for the business premises (PDF)', '사업장 임대차계약서(PDF)'), types: ['application/pdf'], maxBytes: MAX_UPLOAD_BYTES }],
    form: [
      text('businessName', 'Name of the business', '상호', { maxLength: 100 }),
      choice('businessType', 'Kind of business', '업종', [['retail', 'Retail', '소매업'], ['food', 'Restaurant or café', '음식점업'], ['it', 'Software and IT services', '정보통신업'], ['other', 'Other', '기타']]),
      date('startDate', 'Date the business starts', '개업일'),
    ],
  },
  {
    code: 'health-insurance-dependent', agencyCode: 'NHIS', category: 'health', lifeEvent: 'birth', ageGroup: 'all',
    name: T('Add a dependant to your health insurance', '건강보험 피부양자 등록'), summary: T('Cover a family member under your national health insurance.', '가족을 건강보험 피부양자로 등록합니다.'),
    law: T('National Health Insurance Act, Article 5', '국민건강보험법 제5조'), feeKrw: 0, days: 7, facts: ['resident.name', 'health.insuranceType', 'family.children'],
    keywords: 'health insurance dependant family 건강보험 피부양자',
    form: [
      text('dependantName', 'Dependant’s full name', '피부양자 이름', { maxLength: 50 }),
      choice('relationship', 'How are they related to you?', '관계', [['child', 'Child', '자녀'], ['spouse', 'Spouse', '배우자'], ['parent', 'Parent', '부모']]),
    ],
  },
  {
    code: 'vehicle-address-change', agencyCode: 'MOLIT', category: 'transport', lifeEvent: 'moving', ageGroup: 'adult',
    name: T('Change the address on a vehicle registration', '자동차 등록 주소 변경'), summary: T('Update your car’s registration after moving home.', '이사 후 자동차 등록 주소를 바꿉니다.'),
    law: T('Motor Vehicle Management Act, Article 11', '자동차관리법 제11조'), feeKrw: 0, days: 3, facts: ['resident.address', 'vehicle.registered'],
    keywords: 'car vehicle registration address moving 자동차 주소변경 이사',
    form: [text('plate', 'Registration plate', '자동차 등록번호', { pattern: '\\d{2,3}[가-힣]\\s?\\d{4}', patternHint: T('Like 12가 3456', '12가 3456 형식'), maxLength: 12 })],
  },
  {
    code: 'school-transfer', agencyCode: 'MOE', category: 'education', lifeEvent: 'moving', ageGroup: 'child',
    name: T('School transfer after moving', '전학 신청'), summary: T('Move your child to a school near your new home.', '이사 후 자녀를 새 주소 근처 학교로 전학시킵니다.'),
    law: T('Enforcement Decree of the Elementary and Secondary Education Act, Article 21', '초·중등교육법 시행령 제21조'), feeKrw: 0, days: 5, facts: ['resident.address', 'family.children'],
    keywords: 'school transfer moving child 전학 학교',
    form: [text('childName', 'Child’s full name', '자녀 이름', { maxLength: 50 }), text('currentSchool', 'Current school', '현재 학교', { maxLength: 100 })],
  },
];

/** Local services every city and county offers online. */
const LOCAL_APPLICABLE: Omit<Applicable, 'agencyCode'>[] = [
  {
    code: 'resident-parking-permit', category: 'transport', lifeEvent: null, ageGroup: 'adult',
    name: T('Resident parking permit', '거주자 우선주차 신청'), summary: T('A parking space near your home, allocated to residents.', '집 근처 거주자 우선주차 구역을 배정받습니다.'),
    law: T('Parking Lot Act, Article 10', '주차장법 제10조'), feeKrw: 30000, days: 10, facts: ['resident.address', 'vehicle.registered'],
    keywords: 'parking permit car 주차 거주자',
    form: [text('plate', 'Registration plate', '자동차 등록번호', { pattern: '\\d{2,3}[가-힣]\\s?\\d{4}', patternHint: T('Like 12가 3456', '12가 3456 형식'), maxLength: 12 })],
  },
  {
    code: 'bulky-waste-collection', category: 'environment', lifeEvent: 'moving', ageGroup: 'all',
    name: T('Bulky waste collection', '대형폐기물 수거 신청'), summary: T('Have furniture and large appliances collected from your door.', '가구와 대형 가전을 집 앞에서 수거합니다.'),
    law: T('Wastes Control Act, Article 14', '폐기물관리법 제14조'), feeKrw: 5000, days: 3, facts: ['resident.address'],
    keywords: 'waste furniture collection 폐기물 가구 수거',
    form: [
      choice('item', 'What should we collect?', '무엇을 수거할까요?', [['sofa', 'Sofa', '소파'], ['wardrobe', 'Wardrobe', '장롱'], ['fridge', 'Refrigerator', '냉장고'], ['other', 'Something else', '기타']]),
      date('collectOn', 'Collection date', '수거 희망일'),
    ],
  },
  {
    code: 'resident-transfer', category: 'residence', lifeEvent: 'moving', ageGroup: 'all',
    name: T('Report a move (resident registration transfer)', '전입신고'), summary: T('Tell the town you moved here; other agencies are updated.', '이사 온 것을 신고하면 관련 기관에 반영됩니다.'),
    law: T('Resident Registration Act, Article 16', '주민등록법 제16조'), feeKrw: 0, days: 1, facts: ['resident.name', 'resident.address'],
    keywords: 'move moving transfer address 전입신고 이사 주소',
    form: [text('newAddress', 'Your new address', '새 주소', { maxLength: 200 }), date('movedOn', 'Date you moved', '이사한 날')],
  },
];

/** Local information services: [code, category, life event, age group, English name, Korean name]. */
const LOCAL_INFO: [string, ServiceDefinition['category'], ServiceDefinition['lifeEvent'], ServiceDefinition['ageGroup'], string, string][] = [
  ['senior-meal-delivery', 'welfare', null, 'senior', 'Meal delivery for older residents', '어르신 도시락 배달'],
  ['newborn-gift', 'welfare', 'birth', 'child', 'Gift pack for newborns', '출산 축하 선물'],
  ['postnatal-care-voucher', 'health', 'birth', 'adult', 'Postnatal care voucher', '산후조리 바우처'],
  ['daycare-admission', 'education', 'birth', 'child', 'Public daycare admission', '국공립 어린이집 입소'],
  ['library-card', 'culture', null, 'all', 'Public library card', '공공도서관 회원증'],
  ['sports-centre-booking', 'culture', null, 'all', 'Sports centre booking', '체육센터 예약'],
  ['street-stall-permit', 'business', 'startup', 'adult', 'Street stall permit', '노점 허가'],
  ['signboard-permit', 'business', 'startup', 'adult', 'Signboard permit', '옥외광고물 허가'],
  ['food-business-report', 'business', 'startup', 'adult', 'Food business report', '식품영업 신고'],
  ['property-tax-payment', 'tax', null, 'adult', 'Local property tax payment', '재산세 납부'],
  ['vehicle-tax-payment', 'tax', null, 'adult', 'Local vehicle tax payment', '자동차세 납부'],
  ['flood-damage-relief', 'safety', null, 'all', 'Flood damage relief', '풍수해 피해 지원'],
  ['shelter-locator', 'safety', null, 'all', 'Emergency shelter information', '대피소 안내'],
  ['youth-job-fair', 'employment', 'job-loss', 'youth', 'Local youth job fair', '청년 일자리 박람회'],
  ['public-job-programme', 'employment', 'job-loss', 'adult', 'Public employment programme', '공공근로 사업'],
  ['funeral-support', 'welfare', 'death', 'all', 'Funeral cost support', '장제 지원'],
  ['death-report', 'residence', 'death', 'all', 'Report a death', '사망 신고'],
  ['seal-registration', 'residence', null, 'adult', 'Personal seal registration', '인감 등록'],
  ['recycling-schedule', 'environment', null, 'all', 'Recycling collection days', '재활용 수거 일정'],
  ['senior-transport-card', 'transport', 'retirement', 'senior', 'Free transport card for older residents', '어르신 교통카드'],
];

/** Central information services: [code, agency, category, life event, age group, English name, Korean name]. */
const CENTRAL_INFO: [string, string, ServiceDefinition['category'], ServiceDefinition['lifeEvent'], ServiceDefinition['ageGroup'], string, string][] = [
  ['parental-leave-benefit', 'MOEL', 'employment', 'birth', 'adult', 'Parental leave benefit', '육아휴직 급여'],
  ['job-training-card', 'MOEL', 'employment', 'job-loss', 'adult', 'Job training card', '국민내일배움카드'],
  ['wage-arrears-report', 'MOEL', 'employment', null, 'adult', 'Report unpaid wages', '임금체불 신고'],
  ['industrial-accident-claim', 'MOEL', 'employment', null, 'adult', 'Industrial accident claim', '산재보험 급여 청구'],
  ['year-end-tax-settlement', 'NTS', 'tax', null, 'adult', 'Year-end tax settlement', '연말정산'],
  ['earned-income-credit', 'NTS', 'tax', null, 'adult', 'Earned income tax credit', '근로장려금'],
  ['child-tax-credit', 'NTS', 'tax', 'birth', 'adult', 'Child tax credit', '자녀장려금'],
  ['income-certificate', 'NTS', 'tax', null, 'adult', 'Certificate of income', '소득금액증명'],
  ['tax-refund-lookup', 'NTS', 'tax', null, 'all', 'Unclaimed tax refund lookup', '미수령 환급금 조회'],
  ['health-checkup', 'NHIS', 'health', null, 'adult', 'National health check-up', '국가건강검진'],
  ['long-term-care', 'NHIS', 'health', 'retirement', 'senior', 'Long-term care insurance', '노인장기요양보험'],
  ['medical-expense-ceiling', 'NHIS', 'health', null, 'all', 'Medical expense ceiling refund', '본인부담상한제 환급'],
  ['pension-statement', 'NPS', 'welfare', 'retirement', 'adult', 'National pension statement', '국민연금 가입내역'],
  ['survivor-pension', 'NPS', 'welfare', 'death', 'all', 'Survivor’s pension', '유족연금'],
  ['disability-pension', 'NPS', 'welfare', null, 'adult', 'Disability pension', '장애연금'],
  ['public-rental-housing', 'NLHC', 'housing', 'moving', 'adult', 'Public rental housing', '공공임대주택'],
  ['newlywed-housing', 'NLHC', 'housing', 'moving', 'youth', 'Housing for newlyweds', '신혼희망타운'],
  ['jeonse-deposit-loan', 'NLHC', 'housing', 'moving', 'youth', 'Jeonse deposit loan', '전세자금 대출'],
  ['housing-benefit', 'MOLIT', 'housing', null, 'all', 'Housing benefit', '주거급여'],
  ['driving-licence-renewal', 'MOLIT', 'transport', null, 'adult', 'Driving licence renewal', '운전면허 갱신'],
  ['vehicle-inspection', 'MOLIT', 'transport', null, 'adult', 'Vehicle inspection booking', '자동차 검사 예약'],
  ['scholarship-national', 'MOE', 'education', null, 'youth', 'National scholarship', '국가장학금'],
  ['student-loan', 'MOE', 'education', null, 'youth', 'Student loan', '학자금 대출'],
  ['after-school-voucher', 'MOE', 'education', null, 'child', 'After-school class voucher', '방과후 자유수강권'],
  ['diploma-certificate', 'MOE', 'education', null, 'all', 'Graduation certificate', '졸업증명서'],
  ['livelihood-benefit', 'MOHW', 'welfare', null, 'all', 'Basic livelihood benefit', '생계급여'],
  ['disability-registration', 'MOHW', 'welfare', null, 'all', 'Disability registration', '장애인 등록'],
  ['emergency-welfare', 'MOHW', 'welfare', null, 'all', 'Emergency welfare support', '긴급복지 지원'],
  ['first-meeting-voucher', 'MOHW', 'welfare', 'birth', 'child', 'First-meeting voucher for newborns', '첫만남 이용권'],
  ['parent-benefit', 'MOHW', 'welfare', 'birth', 'child', 'Parent benefit', '부모급여'],
  ['dementia-care', 'MOHW', 'health', 'retirement', 'senior', 'Dementia care support', '치매 치료관리비 지원'],
  ['startup-package', 'MSS', 'business', 'startup', 'youth', 'Youth startup package', '청년창업사관학교'],
  ['small-business-loan', 'MSS', 'business', 'startup', 'adult', 'Small business policy loan', '소상공인 정책자금'],
  ['business-closure-support', 'MSS', 'business', null, 'adult', 'Support when closing a business', '폐업 지원'],
  ['broadband-discount', 'MSIT', 'culture', null, 'senior', 'Broadband discount for older people', '통신비 감면'],
  ['culture-voucher', 'MCST', 'culture', null, 'all', 'Integrated culture voucher', '통합문화이용권'],
  ['sports-voucher', 'MCST', 'culture', null, 'youth', 'Sports lesson voucher', '스포츠강좌이용권'],
  ['overseas-safety-registration', 'MOFA', 'travel', null, 'all', 'Register a trip abroad for safety alerts', '해외안전여행 등록'],
  ['apostille', 'MOFA', 'travel', null, 'adult', 'Apostille for documents used abroad', '아포스티유 발급'],
  ['criminal-record-certificate', 'MOJ', 'residence', null, 'adult', 'Criminal record certificate', '범죄경력회보서'],
  ['legal-aid', 'MOJ', 'safety', null, 'all', 'Free legal aid', '법률구조'],
  ['immigration-stay-extension', 'MOJ', 'residence', null, 'adult', 'Extension of stay for foreign residents', '체류기간 연장'],
  ['fine-dust-alerts', 'ME', 'environment', null, 'all', 'Fine dust alerts', '미세먼지 알림'],
  ['electric-vehicle-subsidy', 'ME', 'environment', null, 'adult', 'Electric vehicle subsidy', '전기차 구매 보조금'],
  ['carbon-point', 'ME', 'environment', null, 'all', 'Carbon points for saving energy', '탄소포인트제'],
  ['records-disclosure', 'NARC', 'residence', null, 'all', 'Request public records', '기록물 열람 청구'],
  ['information-disclosure', 'MOIS', 'residence', null, 'all', 'Freedom of information request', '정보공개 청구'],
  ['resident-registration-abstract', 'MOIS', 'residence', null, 'all', 'Resident registration abstract', '주민등록표 초본'],
  ['resident-registration-copy', 'MOIS', 'residence', null, 'all', 'Resident registration copy', '주민등록표 등본'],
  ['family-relation-certificate', 'MOIS', 'residence', 'birth', 'all', 'Family relation certificate', '가족관계증명서'],
  ['privacy-breach-report', 'PIPC', 'safety', null, 'all', 'Report a personal data breach', '개인정보 침해 신고'],
  ['grievance-mediation', 'ACRC', 'safety', null, 'all', 'Grievance mediation', '고충민원 조정'],
  ['statistics-microdata', 'STAT', 'business', null, 'adult', 'Statistics microdata access', '마이크로데이터 이용'],
  ['public-procurement-registration', 'PPS', 'business', 'startup', 'adult', 'Register as a public supplier', '조달업체 등록'],
  ['public-audit-request', 'BAI', 'safety', null, 'adult', 'Request a public audit', '국민감사 청구'],
  ['regulatory-proposal', 'PMO', 'business', null, 'adult', 'Propose a regulatory reform', '규제개선 건의'],
  ['pension-split', 'NPS', 'welfare', null, 'adult', 'Pension split after divorce', '분할연금'],
  ['job-seeker-registration', 'NEIS', 'employment', 'job-loss', 'all', 'Job seeker registration', '구직 등록'],
  ['vocational-aptitude-test', 'NEIS', 'employment', null, 'youth', 'Vocational aptitude test', '직업적성검사'],
  ['veteran-benefits', 'MOHW', 'welfare', null, 'senior', 'Support for veterans', '보훈 지원'],
];

const fromApplicable = (a: Applicable, agency?: Text): ServiceDefinition => ({
  code: a.code,
  agencyCode: a.agencyCode,
  category: a.category,
  lifeEvent: a.lifeEvent,
  ageGroup: a.ageGroup,
  name: agency ? T(`${a.name.en} (${agency.en})`, `${a.name.ko} (${agency.ko})`) : a.name,
  description: a.summary,
  audience: audienceText(a.ageGroup, agency),
  eligibility: T(`See ${a.law.en}. The facts needed are checked with the agencies that hold them.`, `${a.law.ko} 참조. 필요한 사실은 보유 기관에서 확인합니다.`),
  legalBasis: a.law,
  feeKrw: a.feeKrw,
  processingDays: a.days,
  factItems: a.facts.filter((f) => FACT_ITEMS[f] !== undefined),
  documents: a.documents ?? [],
  form: a.form,
  ...(a.keywords ? { keywords: a.keywords } : {}),
  ...(a.routeTo ? { routeTo: a.routeTo } : {}),
});

function audienceText(age: ServiceDefinition['ageGroup'], agency?: Text): Text {
  const who: Record<ServiceDefinition['ageGroup'], Text> = {
    all: T('Everyone', '누구나'), child: T('Families with children', '자녀가 있는 가정'), youth: T('Young people aged 19 to 34', '만 19~34세 청년'),
    adult: T('Adults', '성인'), senior: T('People aged 65 and over', '만 65세 이상'),
  };
  return agency ? T(`${who[age].en} living in ${agency.en}`, `${agency.ko} 거주 ${who[age].ko}`) : who[age];
}

function information(code: string, agencyCode: string, category: ServiceDefinition['category'], lifeEvent: ServiceDefinition['lifeEvent'], ageGroup: ServiceDefinition['ageGroup'], name: Text, agency?: Text): ServiceDefinition {
  return {
    code, agencyCode, category, lifeEvent, ageGroup,
    name: agency ? T(`${name.en} (${agency.en})`, `${name.ko} (${agency.ko})`) : name,
    description: T(`${name.en}: who can get it, what it costs and where to ask.`, `${name.ko}: 대상, 비용, 문의처 안내.`),
    audience: audienceText(ageGroup, agency),
    eligibility: T('Ask the agency named below.', '아래 기관에 문의하세요.'),
    legalBasis: T('The agency’s own rules', '기관 자체 규정'),
    feeKrw: 0, processingDays: 7, factItems: [],
    documents: [{ name: 'supporting', label: T('Supporting documents (PDF)', '증빙서류(PDF)'), types: ['application/pdf'], maxBytes: MAX_UPLOAD_BYTES }],
    form: [],
  };
}

/** The whole demo catalogue (deterministic: same list every time). */
export function demoCatalogue(): ServiceDefinition[] {
  const out: ServiceDefinition[] = CENTRAL_APPLICABLE.map((a) => fromApplicable(a));
  for (const [agencyCode, agency] of LOCAL_AGENCIES) {
    for (const a of LOCAL_APPLICABLE) out.push(fromApplicable({ ...a, code: `${agencyCode.toLowerCase()}.${a.code}`, agencyCode }, agency));
    for (const [code, category, life, age, en, ko] of LOCAL_INFO) out.push(information(`${agencyCode.toLowerCase()}.${code}`, agencyCode, category, life, age, T(en, ko), agency));
  }
  for (const [code, agencyCode, category, life, age, en, ko] of CENTRAL_INFO) out.push(information(code, agencyCode, category, life, age, T(en, ko)));
  return out;
}
