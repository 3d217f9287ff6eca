/**
 * Gathers what the OCDS output of a tender needs (domain/ocds.ts shapes it) and wraps releases
 * and records in packages. Names are the organisations' English names: the packages declare
 * `language: en`.
 */
import type { Kernel } from '../../kernel/kernel.js';
import { ocdsRecord, ocdsReleases, type OcdsRelease, type OcdsTenderFacts } from './domain/ocds.js';
import { awardState } from './procurement.award.js';
import { createProcurementRepository as repo } from './procurement.repository.js';
import type { TenderResult } from './procurement.service.js';
import type { TenderRow } from './procurement.tables.js';
import type { ProcurementSettings } from './procurement.types.js';

export const OCDS_PAGE_SIZE = 100;

export function createOcdsPublisher(kernel: Kernel, settings: ProcurementSettings) {
  const { db } = kernel;
  const publisher = { name: 'Nara e-Procurement', uri: kernel.config.publicUrl };
  const nameOf = async (id: string) => (await kernel.identity.getOrganisation(id))?.name_en ?? id;

  async function facts(tender: TenderRow): Promise<OcdsTenderFacts> {
    const [items, amendments, award, complaints] = await Promise.all([
      repo(db).itemsOf(tender.id), repo(db).amendmentsOf(tender.id), repo(db).findAward(tender.id), repo(db).complaintsOf(tender.id),
    ]);
    const isFinal = award ? awardState(award, complaints, kernel.clock.now()) === 'final' : false;
    const lastDecision = Math.max(0, ...complaints.map((k) => k.decided_at?.getTime() ?? 0));
    const result = tender.result as TenderResult | null;
    const vendorIds = [...new Set([...(result?.opened ?? []).map((b) => b.vendorId), ...(result?.invalid ?? []).map((b) => b.vendorId)])];
    return {
      ocid: `${settings.ocidPrefix}-${tender.id}`, tenderId: tender.id, title: tender.title, description: tender.description, kind: tender.kind,
      awardMethod: tender.award_method, baseAmount: tender.base_amount, status: tender.status, publishedAt: tender.published_at, bidDeadline: tender.bid_deadline,
      clarificationDeadline: tender.clarification_deadline, cancelledAt: tender.cancelled_at, cancelReason: tender.cancel_reason, openedAt: tender.opened_at,
      agency: { id: tender.agency_id, name: await nameOf(tender.agency_id) },
      items: items.map((i) => ({ position: i.position, unspsc: i.unspsc, description: i.description, quantity: i.quantity, unit: i.unit })),
      amendments: amendments.map((a) => ({ id: a.id, at: a.amended_at, summary: a.summary, previousBidDeadline: a.previous_bid_deadline, bidDeadline: a.bid_deadline })),
      award: result?.award ?? null,
      tenderers: await Promise.all(vendorIds.map(async (id) => ({ id, name: await nameOf(id) }))),
      decision: award
        ? {
            decidedAt: award.decided_at, vendorId: award.vendor_id, price: award.price, annulledAt: award.annulled_at,
            finalAt: isFinal ? new Date(Math.max(award.standstill_ends_at.getTime(), lastDecision)) : null,
          }
        : null,
    };
  }

  const releasesOf = async (tender: TenderRow) => ocdsReleases(await facts(tender));
  const packageHead = (path: string, now: Date) => ({ uri: `${kernel.config.publicUrl}${path}`, version: '1.1' as const, publishedDate: now.toISOString(), publisher });

  return {
    async releasePackage(tenders: TenderRow[], path: string, links?: { next?: string; prev?: string }) {
      const releases: OcdsRelease[] = [];
      for (const tender of tenders) releases.push(...(await releasesOf(tender)));
      return { ...packageHead(path, kernel.clock.now()), releases, ...(links && Object.keys(links).length > 0 ? { links } : {}) };
    },
    async recordPackage(tenders: TenderRow[], path: string, links?: { next?: string; prev?: string }) {
      const records = [];
      for (const tender of tenders) records.push(ocdsRecord(await releasesOf(tender)));
      return { ...packageHead(path, kernel.clock.now()), records, ...(links && Object.keys(links).length > 0 ? { links } : {}) };
    },
  };
}

export type OcdsPublisher = ReturnType<typeof createOcdsPublisher>;
