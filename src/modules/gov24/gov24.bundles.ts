import type { Text } from './gov24.catalogue.js';

/**
 * Life-event bundles as data: one application whose parts go to several agencies. A part's
 * service code may name `{town}`, the city or county of the applicant's registered address.
 */
export interface BundleDefinition {
  code: string;
  lifeEvent: string;
  name: Text;
  description: Text;
  parts: string[];
}

export const BUNDLES: readonly BundleDefinition[] = [
  {
    code: 'moving-home',
    lifeEvent: 'moving',
    name: { en: 'Moving home: one application for everything', ko: '이사 원스톱 신청' },
    description: {
      en: 'Report your move once: the town registers your new address, the vehicle register and your child’s school are told, each by its own agency.',
      ko: '이사를 한 번만 신고하면 전입신고, 자동차 등록 주소 변경, 자녀 전학을 각 기관이 처리합니다.',
    },
    parts: ['{town}.resident-transfer', 'vehicle-address-change', 'school-transfer'],
  },
];

export const findBundle = (code: string) => BUNDLES.find((b) => b.code === code);
