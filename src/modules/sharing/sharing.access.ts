import type { Insertable } from 'kysely';
import { inTransaction, type Tx } from '../../kernel/db/database.js';
import type { Kernel } from '../../kernel/kernel.js';
import type { LogEvent } from '../../kernel/trust/log/log.events.js';
import { commitment, newCommitmentSalt } from '../../kernel/trust/tlog/canonical-json.js';
import { createGroupWriter } from './sharing.batch.js';
import { lookupEvent } from './sharing.events.js';
import * as repo from './sharing.repository.js';
import type { SignedMessage } from './sharing.signing.js';
import type { AccessItem, SharingAccessTable, SharingMessageTable } from './sharing.tables.js';

/**
 * Called after every recorded access (monitoring). Its optional `inTx` runs inside the access's
 * own transaction (to enqueue follow-up jobs that must exist if and only if the access does).
 */
export type Notify = ((access: { officialId: string; consumerId: string; personId: string | null; at: Date }) => Promise<void>) & {
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

interface PendingRecord {
  access: Omit<Insertable<SharingAccessTable>, 'log_pending_id'>;
  messages: Insertable<SharingMessageTable>[];
  event: LogEvent;
  /** A node request id to claim first: when it was seen before (a replay), nothing is written. */
  claim?: { request_id: string; consumer_id: string; received_at: Date } | undefined;
  /** Work that must commit if and only if the record does (e.g. enqueueing a follow-up job). */
  inTx?: ((tx: Tx) => Promise<void>) | undefined;
}

/** One group writer per kernel, shared by the lookups and the node side. */
const writers = new WeakMap<Kernel, (record: PendingRecord) => Promise<boolean>>();

function writerFor(kernel: Kernel): (record: PendingRecord) => Promise<boolean> {
  let writer = writers.get(kernel);
  if (!writer) {
    // One transaction per batch: the log entries first (their pending ids go into the records), then the records and their messages.
    writer = createGroupWriter<PendingRecord, boolean>((batch) =>
      inTransaction(kernel.db, async (tx) => {
        const claims = batch.flatMap((r) => (r.claim ? [r.claim] : []));
        const claimed = claims.length > 0 ? await repo.claimNodeRequests(tx, claims) : new Set<string>();
        // The same request id twice in one batch: only the first claim wins.
        const isWritten = batch.map((r) => !r.claim || claimed.delete(r.claim.request_id));
        const records = batch.filter((_, i) => isWritten[i]);
        const pendingIds = await kernel.transparencyLog.appendManyInTx(tx, records.map((r) => r.event));
        await repo.insertAccesses(tx, records.map((r, i) => ({ ...r.access, log_pending_id: pendingIds[i]! })));
        await repo.insertMessages(tx, records.flatMap((r) => r.messages));
        for (const r of records) await r.inTx?.(tx);
        return isWritten;
      }),
    );
    writers.set(kernel, writer);
  }
  return writer;
}

/**
 * Writes an access record, its signed messages and its log entry in one transaction, shared with
 * the other accesses recorded at the same moment (group commit); returns once it has committed.
 * With `claim` (the provider side of the node protocol), the request id is claimed in the same
 * transaction, and nothing is written for a replay: the result is false.
 */
export function createAccessRecorder(kernel: Kernel, afterAccess: Notify) {
  const write = writerFor(kernel);
  return async function record(
    ctx: AccessContext,
    items: AccessItem[],
    result: string,
    refusalCode: string | null,
    messages: (SignedMessage & { direction: 'request' | 'response' })[] = [],
    claim?: { requestId: string; consumerId: string },
  ): Promise<boolean> {
    const salt = newCommitmentSalt();
    const opened = { accessId: ctx.accessId, at: ctx.at.toISOString(), officialId: ctx.officialId, consumerId: ctx.consumerId, personId: ctx.personId, serviceCode: ctx.serviceCode, legalBasis: ctx.legalBasis, caseKind: ctx.caseKind, caseRef: ctx.caseRef, items, result };
    const isWritten = await write({
      claim: claim && { request_id: claim.requestId, consumer_id: claim.consumerId, received_at: ctx.at },
      access: {
        id: ctx.accessId, at: ctx.at, official_id: ctx.officialId, consumer_id: ctx.consumerId, person_id: ctx.personId, service_code: ctx.serviceCode,
        legal_basis: ctx.legalBasis, case_kind: ctx.caseKind, case_ref: ctx.caseRef, mode: ctx.mode, items: JSON.stringify(items), result,
        refusal_code: refusalCode, commitment_salt: Buffer.from(salt).toString('hex'),
      },
      messages: messages.map((m) => ({ access_id: ctx.accessId, direction: m.direction, agency_id: m.agencyId, certificate_serial: m.certificateSerial, jws: m.jws, at: ctx.at })),
      event: lookupEvent(ctx, result, commitment(opened, salt)),
      inTx: afterAccess.inTx && ((tx: Tx) => afterAccess.inTx!(tx, ctx, result)),
    });
    if (isWritten) await afterAccess({ officialId: ctx.officialId, consumerId: ctx.consumerId, personId: ctx.personId, at: ctx.at });
    return isWritten;
  };
}
