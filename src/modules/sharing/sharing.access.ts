import { inTransaction, type Tx } from '../../kernel/db/database.js';
import type { Kernel } from '../../kernel/kernel.js';
import { commitment, newCommitmentSalt } from '../../kernel/trust/tlog/canonical-json.js';
import { lookupEvent } from './sharing.events.js';
import * as repo from './sharing.repository.js';
import type { SignedMessage } from './sharing.signing.js';
import type { AccessItem } from './sharing.tables.js';

/**
 * Called after every recorded access (monitoring). Its optional `inTx` runs inside the access's
 * own transaction (to enqueue follow-up jobs that must exist if and only if the access does).
 */
export type Notify = ((access: { officialId: string; consumerId: string; at: Date }) => Promise<void>) & {
  inTx?: (tx: Tx, ctx: AccessContext, result: string) => Promise<void>;
};

export interface AccessContext {
  accessId: string;
  at: Date;
  officialId: string;
  consumerId: string;
  personId: string | null;
  serviceCode: string;
  legalBasis: string;
  caseKind: 'epeople' | 'external' | null;
  caseRef: string | null;
  mode: 'extract' | 'check';
}

/** Writes an access record, its signed messages and its log entry in one transaction. */
export function createAccessRecorder(kernel: Kernel, afterAccess: Notify) {
  return async function record(ctx: AccessContext, items: AccessItem[], result: string, refusalCode: string | null, messages: (SignedMessage & { direction: 'request' | 'response' })[] = []) {
    const salt = newCommitmentSalt();
    const opened = { accessId: ctx.accessId, at: ctx.at.toISOString(), officialId: ctx.officialId, consumerId: ctx.consumerId, personId: ctx.personId, serviceCode: ctx.serviceCode, legalBasis: ctx.legalBasis, caseKind: ctx.caseKind, caseRef: ctx.caseRef, items, result };
    await inTransaction(kernel.db, async (tx) => {
      await repo.insertAccess(tx, {
        id: ctx.accessId, at: ctx.at, official_id: ctx.officialId, consumer_id: ctx.consumerId, person_id: ctx.personId, service_code: ctx.serviceCode,
        legal_basis: ctx.legalBasis, case_kind: ctx.caseKind, case_ref: ctx.caseRef, mode: ctx.mode, items: JSON.stringify(items), result,
        refusal_code: refusalCode, commitment_salt: Buffer.from(salt).toString('hex'), log_pending_id: null,
      });
      await repo.insertMessages(tx, messages.map((m) => ({ access_id: ctx.accessId, direction: m.direction, agency_id: m.agencyId, certificate_serial: m.certificateSerial, jws: m.jws, at: ctx.at })));
      const pendingId = await kernel.transparencyLog.appendInTx(tx, lookupEvent(ctx, result, commitment(opened, salt)));
      await repo.setAccessLogId(tx, ctx.accessId, pendingId);
      await afterAccess.inTx?.(tx, ctx, result);
    });
    await afterAccess({ officialId: ctx.officialId, consumerId: ctx.consumerId, at: ctx.at });
  };
}
