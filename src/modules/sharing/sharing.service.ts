import { inTransaction, type Tx } from '../../kernel/db/database.js';
import type { SessionContext } from '../../kernel/http/context.js';
import { DomainError, invalidInput, notFound } from '../../kernel/http/errors.js';
import { newId } from '../../kernel/identity/identity.crypto.js';
import type { Organisation } from '../../kernel/identity/identity.tables.js';
import type { Kernel } from '../../kernel/kernel.js';
import { createCaseDesk } from './sharing.cases.js';
import { APPROVAL_DECIDED, NOT_AN_OFFICIAL } from './sharing.errors.js';
import type { AccessContext, Notify } from './sharing.access.js';
import { remoteNodesOf } from './sharing.federation.js';
import { createLookups } from './sharing.lookup.js';
import { ALERT_TEMPLATE, enqueueNoActionCheck, providersOf, registerNoActionCheck, type AlertKind } from './sharing.monitoring.js';
import * as monitoringRepo from './sharing.monitoring.repository.js';
import { createNode } from './sharing.node.js';
import { PREDICATES } from './sharing.predicates.js';
import * as consentRepo from './sharing.consent.repository.js';
import { sharingCaches } from './sharing.cache.js';
import * as repo from './sharing.repository.js';
import { createMessageSigner } from './sharing.signing.js';
import type { AccessRow, AlertRow, ApprovalRow, ItemRow } from './sharing.tables.js';
import type { SharingSettings } from './sharing.types.js';

export interface ApplyInput {
  agencyId?: string | undefined;
  itemCode: string;
  serviceCode: string;
  serviceName: string;
  legalBasis: string;
  fields: string[];
  predicates: string[];
}

export interface DecideInput {
  decision: 'approve' | 'refuse';
  reason?: string | undefined;
  expiresAt?: Date | undefined;
}

/** Default life of an approval when the provider names no end: two years. */
const DEFAULT_APPROVAL_DAYS = 730;

/** Whether an approval is in force now: approved and not past its end. */
export function approvalState(row: ApprovalRow, now: Date): 'applied' | 'approved' | 'refused' | 'expired' {
  if (row.status === 'approved' && row.expires_at <= now) return 'expired';
  return row.status as 'applied' | 'approved' | 'refused';
}

export function createSharingService(kernel: Kernel, settings: SharingSettings) {
  const signer = createMessageSigner(kernel);
  const node = createNode(kernel, settings, signer, (access) => watch(access));
  // Lookups made here (not answers to other nodes) start the "no later action" timer with their access.
  const notify: Notify = Object.assign((access: Access) => watch(access), { inTx: (tx: Tx, ctx: AccessContext, result: string) => enqueueNoActionCheck(kernel, settings, tx, ctx, result) });
  const lookups = createLookups(kernel, settings, signer, node, notify);
  type Access = { officialId: string; consumerId: string; personId?: string | null; at: Date };
  const caches = sharingCaches(kernel);
  /**
   * The people each official looked up lately, as this process saw them. The number of different
   * people in the window grows only when an official looks up someone new, and the process that
   * records that lookup sees it; so a repeat lookup of the same person skips the count.
   */
  const seenByOfficial = new Map<string, Map<string, number>>();
  function isRepeat(access: Access): boolean {
    if (!access.personId) return false;
    const seen = seenByOfficial.get(access.officialId) ?? new Map<string, number>();
    if (seen.size > 1_000 || seenByOfficial.size > 10_000) seen.clear();
    seenByOfficial.set(access.officialId, seen);
    const last = seen.get(access.personId);
    const at = access.at.getTime();
    seen.set(access.personId, Math.max(last ?? at, at));
    return last !== undefined && at >= last && at - last < settings.burstWindowMs;
  }

  /**
   * Records an alert and tells every auditor and every official of the provider agencies whose
   * items it concerns, in one transaction.
   */
  async function raiseAlert(kind: AlertKind, access: Access, people: number, minutes: number, about: { providerIds: string[]; accessId?: string; caseRef?: string }): Promise<void> {
    const official = await kernel.identity.getPerson(access.officialId);
    const agency = await kernel.identity.getOrganisation(access.consumerId);
    const auditors = await kernel.identity.listPeopleWithRole('auditor', 100);
    const providerOfficials = (await Promise.all(about.providerIds.map((p) => kernel.identity.listOfficialsOf(p)))).flat().slice(0, 200);
    await inTransaction(kernel.db, async (tx) => {
      await monitoringRepo.insertAlertFor(tx, {
        id: newId('alr'), kind, raised_at: access.at, official_id: access.officialId, consumer_id: access.consumerId, people, window_minutes: minutes,
        provider_ids: JSON.stringify(about.providerIds), access_id: about.accessId ?? null,
      });
      for (const personId of new Set([...auditors.map((a) => a.id), ...providerOfficials.map((o) => o.personId)])) {
        await kernel.notifications.notify(tx, {
          personId,
          template: ALERT_TEMPLATE[kind],
          params: { official: official?.displayName ?? '', agency: agency?.name_en ?? '', count: people, minutes, case: about.caseRef ?? '' },
        });
      }
    });
  }

  /** Provider agencies whose items the official looked up since `since`. */
  async function providersLookedUpBy(officialId: string, since: Date): Promise<string[]> {
    const accesses = await repo.listAccessesOfOfficial(kernel.db, officialId, since);
    return [...new Set(accesses.flatMap((a) => a.items.map((i) => i.providerId)).filter((p) => p !== ''))].sort();
  }

  registerNoActionCheck(kernel, (access, row) =>
    raiseAlert('no_action', access, 1, Math.round(settings.noActionAfterMs / 60_000), { providerIds: providersOf(row), accessId: row.id, caseRef: row.case_ref ?? '' }),
  );

  /** True outside the working day (weekends, or before or after the configured hours, local time). */
  function isAfterHours(at: Date): boolean {
    const local = new Date(at.getTime() + settings.workingHours.utcOffsetMinutes * 60_000);
    const day = local.getUTCDay();
    const hour = local.getUTCHours();
    return day === 0 || day === 6 || hour < settings.workingHours.start || hour >= settings.workingHours.end;
  }

  /**
   * Monitoring: once an official has looked up `burstThreshold` different people within the
   * window, one alert is raised (not again until the window has passed); a lookup outside working
   * hours raises one alert per official per half day. Every auditor hears of each.
   */
  async function watch(access: Access): Promise<void> {
    const since = new Date(access.at.getTime() - settings.burstWindowMs);
    const people = isRepeat(access) ? 0 : await repo.countPeopleLookedUpBy(kernel.db, access.officialId, since);
    if (people >= settings.burstThreshold && !(await repo.latestAlertOf(kernel.db, access.officialId, 'burst', since))) {
      await raiseAlert('burst', access, people, Math.round(settings.burstWindowMs / 60_000), { providerIds: await providersLookedUpBy(access.officialId, since) });
    }
    const halfDayAgo = new Date(access.at.getTime() - 12 * 3_600_000);
    if (isAfterHours(access.at) && !(await repo.latestAlertOf(kernel.db, access.officialId, 'after_hours', halfDayAgo))) {
      await raiseAlert('after_hours', access, 1, 0, { providerIds: await providersLookedUpBy(access.officialId, access.at) });
    }
  }

  function officialOf(session: SessionContext, agencyId: string | undefined): string {
    const agency = agencyId ?? session.officialOf[0];
    if (!agency || !session.officialOf.includes(agency)) throw new DomainError(NOT_AN_OFFICIAL, 403, 'Only an official of the agency may do this.');
    return agency;
  }

  return {
    ...lookups,
    signer,
    /** The open cases an official may look up for, and one such case (the lookup desk). */
    cases: createCaseDesk(kernel),
    /** Provider agency id -> URL of the node that serves its registry, for those served elsewhere. */
    remoteNodes: () => remoteNodesOf(kernel, settings),
    /** Provider side of the node protocol: answers a signed node request with a signed response. */
    answerNodeRequest: (jwe: string) => node.answer(jwe),
    /** The node's encryption key, signed by the agency's system certificate (node key discovery). */
    nodeKeyStatement: (agencyId: string) => node.keyStatement(agencyId),

    listItems: (): Promise<ItemRow[]> => repo.listItems(kernel.db),
    listApprovals: (): Promise<ApprovalRow[]> => repo.listApprovals(kernel.db),
    approval: (id: string): Promise<ApprovalRow | undefined> => repo.findApproval(kernel.db, id),
    agencies: (): Promise<Organisation[]> => kernel.identity.listOrganisations(),
    now: () => kernel.clock.now(),
    personName: async (id: string) => (await kernel.identity.getPerson(id))?.displayName ?? '',

    /** A consumer agency applies to the provider for fields and checks of one item, for one service, under one legal basis. */
    async apply(session: SessionContext, input: ApplyInput): Promise<ApprovalRow> {
      const consumer = officialOf(session, input.agencyId);
      const item = await repo.findLatestItem(kernel.db, input.itemCode);
      if (!item) throw invalidInput([{ field: 'itemCode', message: 'No such information item.' }]);
      const problems = [
        ...input.fields.filter((f) => !item.fields.some((x) => x.name === f)).map((f) => ({ field: 'fields', message: `The item has no field ${f}.` })),
        ...input.predicates.filter((p) => PREDICATES[p]?.itemCode !== item.code).map((p) => ({ field: 'predicates', message: `The item has no check ${p}.` })),
        ...(item.legal_bases.includes(input.legalBasis) ? [] : [{ field: 'legalBasis', message: 'The provider does not give this item under that legal basis.' }]),
        ...(input.fields.length + input.predicates.length === 0 ? [{ field: 'fields', message: 'Ask for at least one field or check.' }] : []),
      ];
      if (problems.length > 0) throw invalidInput(problems);
      const now = kernel.clock.now();
      const id = newId('apv');
      await repo.insertApproval(kernel.db, {
        id, consumer_id: consumer, provider_id: item.provider_id, item_code: item.code, item_version: item.version, service_code: input.serviceCode,
        service_name: input.serviceName, legal_basis: input.legalBasis, fields: JSON.stringify([...new Set(input.fields)]), predicates: JSON.stringify([...new Set(input.predicates)]),
        status: 'applied', applied_by: session.personId, applied_at: now, decided_by: null, decided_at: null, refusal_reason: null,
        expires_at: new Date(now.getTime() + DEFAULT_APPROVAL_DAYS * 86_400_000),
      });
      caches.forgetApprovals();
      return (await repo.findApproval(kernel.db, id))!;
    },

    /** The provider approves (until an end date) or refuses an application. */
    async decide(session: SessionContext, approvalId: string, input: DecideInput): Promise<ApprovalRow> {
      const row = await repo.findApproval(kernel.db, approvalId);
      if (!row) throw notFound('The application');
      if (!session.officialOf.includes(row.provider_id)) throw new DomainError(NOT_AN_OFFICIAL, 403, 'Only an official of the providing agency may decide.');
      if (row.status !== 'applied') throw new DomainError(APPROVAL_DECIDED, 409, 'The application was already decided.');
      const now = kernel.clock.now();
      if (input.decision === 'refuse' && !input.reason?.trim()) throw invalidInput([{ field: 'reason', message: 'Give the reason for refusing.' }]);
      if (input.expiresAt && input.expiresAt <= now) throw invalidInput([{ field: 'expiresAt', message: 'The end must be in the future.' }]);
      await repo.updateApproval(kernel.db, approvalId, {
        status: input.decision === 'approve' ? 'approved' : 'refused', decided_by: session.personId, decided_at: now,
        refusal_reason: input.decision === 'refuse' ? input.reason!.trim() : null,
        ...(input.decision === 'approve' ? { expires_at: input.expiresAt ?? new Date(now.getTime() + DEFAULT_APPROVAL_DAYS * 86_400_000) } : {}),
      });
      caches.forgetApprovals();
      return (await repo.findApproval(kernel.db, approvalId))!;
    },

    /** Services the official's agencies may look up for, with their approvals. */
    async servicesFor(session: SessionContext): Promise<{ consumerId: string; serviceCode: string; serviceName: string; approvals: ApprovalRow[] }[]> {
      const all = await repo.listApprovals(kernel.db, { status: 'approved' });
      const mine = all.filter((a) => session.officialOf.includes(a.consumer_id));
      const groups = new Map<string, { consumerId: string; serviceCode: string; serviceName: string; approvals: ApprovalRow[] }>();
      for (const a of mine) {
        const key = `${a.consumer_id}:${a.service_code}`;
        const group = groups.get(key) ?? { consumerId: a.consumer_id, serviceCode: a.service_code, serviceName: a.service_name, approvals: [] };
        group.approvals.push(a);
        groups.set(key, group);
      }
      return [...groups.values()];
    },

    /** Every access to the signed-in person's data, newest first, with the official's name. */
    async myAccesses(session: SessionContext): Promise<(AccessRow & { officialName: string; serviceName: string })[]> {
      const rows = await repo.listAccessesOfPerson(kernel.db, session.personId);
      const approvals = await repo.listApprovals(kernel.db);
      const consents = rows.some((r) => r.consent_id) ? await consentRepo.listConsentsOfPerson(kernel.db, session.personId) : [];
      const serviceName = (r: AccessRow) =>
        consents.find((c) => c.id === r.consent_id)?.service_name ?? approvals.find((a) => a.consumer_id === r.consumer_id && a.service_code === r.service_code)?.service_name ?? r.service_code;
      const names = new Map<string, string>();
      for (const id of new Set(rows.map((r) => r.official_id))) names.set(id, (await kernel.identity.getPerson(id))?.displayName ?? '');
      return rows.map((r) => ({ ...r, officialName: names.get(r.official_id) ?? '', serviceName: serviceName(r) }));
    },

    /** Monitoring alerts, newest first (auditors; the route checks the role). */
    listAlerts: (): Promise<AlertRow[]> => repo.listAlerts(kernel.db),

    /** Alerts about the items of the official's own (provider) agencies, newest first. */
    providerAlerts: (session: SessionContext): Promise<AlertRow[]> => monitoringRepo.listAlertsOfProviders(kernel.db, session.officialOf),

    /** One alert with the official's accesses in its window (auditors). */
    async alertDetail(alertId: string): Promise<{ alert: AlertRow; accesses: AccessRow[]; officialName: string }> {
      const alert = await repo.findAlert(kernel.db, alertId);
      if (!alert) throw notFound('The alert');
      const since = new Date(alert.raised_at.getTime() - alert.window_minutes * 60_000);
      const accesses = await repo.listAccessesOfOfficial(kernel.db, alert.official_id, since);
      return { alert, accesses, officialName: (await kernel.identity.getPerson(alert.official_id))?.displayName ?? '' };
    },

    /** The signed request and responses of one access (the official who made it, or an auditor). */
    async messagesOf(accessId: string) {
      return repo.listMessages(kernel.db, accessId);
    },
  };
}

export type SharingService = ReturnType<typeof createSharingService>;
