import type { Tx } from '../../kernel/db/database.js';
import { PermanentJobError } from '../../kernel/jobs/jobs.service.js';
import type { Kernel } from '../../kernel/kernel.js';
import { hasEpeopleCaseActionSince } from '../epeople/index.js';
import type { AccessContext } from './sharing.access.js';
import * as monitoringRepo from './sharing.monitoring.repository.js';
import * as repo from './sharing.repository.js';
import type { AccessRow } from './sharing.tables.js';
import type { SharingSettings } from './sharing.types.js';

/** The timer job: due `noActionAfterMs` after a granted lookup for an e-People case. */
export const NO_ACTION_JOB = 'sharing.no-action-check';

export type AlertKind = 'burst' | 'after_hours' | 'no_action';

/** Notification templates (message key prefixes) per alert kind. */
export const ALERT_TEMPLATE: Record<AlertKind, string> = { burst: 'sharing.alert.burst', after_hours: 'sharing.alert.afterHours', no_action: 'sharing.alert.noAction' };

/** Provider agencies whose items an access touched. */
export const providersOf = (row: Pick<AccessRow, 'items'>): string[] => [...new Set(row.items.map((i) => i.providerId).filter((p) => p !== ''))].sort();

/**
 * Starts the timer of a granted lookup for an e-People case, in the access's own transaction (so
 * the job exists if and only if the access does). Keyed by the access: one check per lookup.
 * External cases are not checked: Nara cannot see what the agency's own system did with them.
 */
export async function enqueueNoActionCheck(kernel: Kernel, settings: SharingSettings, tx: Tx, ctx: AccessContext, result: string): Promise<void> {
  if (ctx.caseKind !== 'epeople' || !ctx.caseRef || result === 'refused') return;
  await kernel.jobs.enqueue(tx, { type: NO_ACTION_JOB, payload: { accessId: ctx.accessId }, runAt: new Date(ctx.at.getTime() + settings.noActionAfterMs), key: ctx.accessId });
}

const registered = new WeakSet<Kernel>();

/**
 * When the timer is due: if no official acted on the case since the lookup (see
 * `hasEpeopleCaseActionSince`: an official's event on the case, or its closing), one
 * "no later action" alert is raised for the access. Idempotent: a second run finds the alert.
 * Registered once per kernel (an app may be composed twice over one kernel).
 */
export function registerNoActionCheck(
  kernel: Kernel,
  raise: (access: { officialId: string; consumerId: string; at: Date }, row: AccessRow) => Promise<void>,
): void {
  if (registered.has(kernel)) return;
  registered.add(kernel);
  kernel.jobs.handle(NO_ACTION_JOB, async (job) => {
    const accessId = (job.payload as { accessId?: unknown } | null)?.accessId;
    if (typeof accessId !== 'string') throw new PermanentJobError('The job names no access.');
    const row = await repo.findAccess(kernel.db, accessId);
    if (!row || row.case_kind !== 'epeople' || !row.case_ref || row.result === 'refused') return;
    if (await hasEpeopleCaseActionSince(kernel.db, row.case_ref, row.at)) return;
    if (await monitoringRepo.findAlertOfAccess(kernel.db, row.id, 'no_action')) return;
    await raise({ officialId: row.official_id, consumerId: row.consumer_id, at: kernel.clock.now() }, row);
  });
}
