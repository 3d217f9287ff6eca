import { generateKeyPairSync } from 'node:crypto';
import type { Db } from '../../kernel/db/database.js';
import { ecPublicJwkOf } from '../../kernel/trust/threshold/threshold.js';
import { DEFAULT_CASE_TYPES } from './epeople.types.js';
import * as whistleRepo from './epeople.whistle.repository.js';
import { PROTECTED_TYPES } from './epeople.whistle.service.js';

export interface ProtectionOfficersDemoInput {
  agencyIdByCode: ReadonlyMap<string, string>;
  officials: readonly { personId: string; agencyId: string }[];
  now: Date;
}

/** Protection officers per handling body: the demo designates three, so two can open and one may be away. */
const OFFICERS_PER_BODY = 3;

/**
 * Designates demo protection officers for the bodies that handle protected reports (the ACRC in
 * the default table). The body's first official is left out on purpose: in the demo they handle
 * reports without ever seeing who filed them. Each officer gets a throwaway key of which only the
 * public half is kept: a real officer registers their own (`POST /api/v1/epeople/protection-keys`).
 */
export async function seedProtectionOfficersDemo(db: Db, input: ProtectionOfficersDemoInput): Promise<number> {
  const bodies = new Set(DEFAULT_CASE_TYPES.filter((t) => PROTECTED_TYPES.includes(t.code) && t.handlingBodyCode).map((t) => t.handlingBodyCode!));
  let designated = 0;
  for (const code of bodies) {
    const agencyId = input.agencyIdByCode.get(code);
    if (!agencyId || (await whistleRepo.listProtectionOfficers(db, agencyId)).length > 0) continue;
    const officers = input.officials.filter((o) => o.agencyId === agencyId).slice(1, 1 + OFFICERS_PER_BODY);
    for (const o of officers) {
      const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
      await whistleRepo.upsertProtectionOfficer(db, agencyId, o.personId, ecPublicJwkOf(publicKey), input.now);
      designated++;
    }
  }
  return designated;
}
