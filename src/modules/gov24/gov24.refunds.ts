import { createHash } from 'node:crypto';

/** Money an agency holds for a person and would pay back on a claim. */
export interface UnrefundedMoney {
  /** The holder's reference, stable for the same money. */
  code: string;
  agencyCode: string;
  kind: 'national-tax-refund' | 'health-premium-overpaid' | 'pension-lump-sum' | 'employment-insurance-refund';
  amountKrw: number;
}

/**
 * Where un-refunded money is looked up: in a real deployment, each holding agency's system (the
 * integrated lookup the seeds describe). The demo adapter below stands in.
 */
export interface RefundSource {
  list(personId: string): Promise<UnrefundedMoney[]>;
}

const KINDS: Array<[UnrefundedMoney['kind'], string]> = [
  ['national-tax-refund', 'NTS'],
  ['health-premium-overpaid', 'NHIS'],
  ['pension-lump-sum', 'NPS'],
  ['employment-insurance-refund', 'NEIS'],
];

/** Demo only: a third of people are owed something by each holder, amounts derived from the person id. */
export function createDemoRefundSource(): RefundSource {
  return {
    async list(personId) {
      return KINDS.flatMap(([kind, agencyCode]) => {
        const h = createHash('sha256').update(`${personId}\nrefund:${kind}`).digest();
        if (h[0]! % 3 !== 0) return [];
        return [{ code: `${agencyCode}-R${h.readUInt32BE(1).toString().padStart(10, '0')}`, agencyCode, kind, amountKrw: 1_000 + (h.readUInt16BE(5) % 300) * 470 }];
      });
    },
  };
}
