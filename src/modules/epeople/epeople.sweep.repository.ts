import type { DbOrTx } from '../../kernel/db/database.js';
import type { CaseRow } from './epeople.tables.js';

/** Statuses of cases the sweep leaves alone. */
const FINISHED = ['answered', 'closed'] as const;
const SWEEP_COLUMNS = ['id', 'number', 'title', 'type', 'locale', 'filer_id', 'agency_id', 'assigned_official_id', 'received_at', 'due_at'] as const;
type SweepCase = Pick<CaseRow, (typeof SWEEP_COLUMNS)[number]>;

/** Open cases received at or before `receivedBy` whose progress notice has not gone out, oldest first. */
export async function listCasesOwingProgressNotice(db: DbOrTx, receivedBy: Date, limit: number): Promise<SweepCase[]> {
  return db
    .selectFrom('epeople_case')
    .select(SWEEP_COLUMNS)
    .where('status', 'not in', FINISHED)
    .where('received_at', '<=', receivedBy)
    .where('progress_notice_at', 'is', null)
    .orderBy('received_at')
    .orderBy('id')
    .limit(limit)
    .execute();
}

/**
 * Marks the progress notice as sent; false when another run got there first or the case closed
 * meanwhile. The caller sends the notice in the same transaction, so it goes out exactly once.
 */
export async function claimProgressNotice(db: DbOrTx, id: string, now: Date): Promise<boolean> {
  const rows = await db
    .updateTable('epeople_case')
    .set({ progress_notice_at: now })
    .where('id', '=', id)
    .where('progress_notice_at', 'is', null)
    .where('status', 'not in', FINISHED)
    .returning('id')
    .execute();
  return rows.length === 1;
}

/** Open, running (not paused) cases due at or before `dueBy` whose supervisor has not been told. */
export async function listCasesNearingDue(db: DbOrTx, dueBy: Date, limit: number): Promise<SweepCase[]> {
  return db
    .selectFrom('epeople_case')
    .select(SWEEP_COLUMNS)
    .where('status', 'not in', FINISHED)
    .where('paused_at', 'is', null)
    .where('escalated_at', 'is', null)
    .where('due_at', '<=', dueBy)
    .orderBy('due_at')
    .orderBy('id')
    .limit(limit)
    .execute();
}

/** Marks the escalation for this due time; false when already done, or the due time or state changed. */
export async function claimEscalation(db: DbOrTx, id: string, dueAt: Date, now: Date): Promise<boolean> {
  const rows = await db
    .updateTable('epeople_case')
    .set({ escalated_at: now })
    .where('id', '=', id)
    .where('escalated_at', 'is', null)
    .where('paused_at', 'is', null)
    .where('due_at', '=', dueAt)
    .where('status', 'not in', FINISHED)
    .returning('id')
    .execute();
  return rows.length === 1;
}
