/**
 * Open Contracting Data Standard 1.1 output. One contracting process (ocid) per tender; a
 * release for each public act (publication, each amendment, cancellation, opening with the
 * award), built deterministically from what is stored, so the same release always has the same
 * content; a record compiles a process's releases with OCDS's merge rules. Pure: the service
 * gathers the facts and names, this file shapes them.
 */
import type { AwardResult } from './award.js';

export type OcdsTag = 'tender' | 'tenderAmendment' | 'tenderCancellation' | 'award' | 'awardUpdate' | 'awardCancellation';
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
export type OcdsRelease = { ocid: string; id: string; date: string; tag: OcdsTag[] } & Record<string, Json>;

export interface OcdsTenderFacts {
  ocid: string;
  tenderId: string;
  title: string;
  description: string;
  kind: 'goods' | 'services' | 'works';
  awardMethod: string;
  baseAmount: number;
  status: 'open' | 'opened' | 'cancelled';
  publishedAt: Date;
  bidDeadline: Date;
  clarificationDeadline: Date | null;
  cancelledAt: Date | null;
  cancelReason: string | null;
  openedAt: Date | null;
  agency: { id: string; name: string };
  items: { position: number; unspsc: string; description: string; quantity: number; unit: string }[];
  amendments: { id: string; at: Date; summary: string; previousBidDeadline: Date; bidDeadline: Date }[];
  award: AwardResult | null;
  /** Every vendor whose bid was opened, valid or not. */
  tenderers: { id: string; name: string }[];
  /** The award decision after opening; `finalAt` once the standstill ended with no complaint pending. */
  decision: { decidedAt: Date; vendorId: string; price: number; annulledAt: Date | null; finalAt: Date | null } | null;
}

const money = (amount: number) => ({ amount, currency: 'KRW' });
const iso = (d: Date) => d.toISOString();

function tenderSection(f: OcdsTenderFacts, bidDeadline: Date, status: string): Record<string, Json> {
  return {
    id: f.tenderId,
    title: f.title,
    ...(f.description ? { description: f.description } : {}),
    status,
    procuringEntity: { id: f.agency.id, name: f.agency.name },
    items: f.items.map((item) => ({
      id: String(item.position),
      description: item.description,
      classification: { scheme: 'UNSPSC', id: item.unspsc },
      quantity: item.quantity,
      unit: { name: item.unit },
    })),
    value: money(f.baseAmount),
    procurementMethod: 'open',
    procurementMethodDetails: f.awardMethod,
    mainProcurementCategory: f.kind,
    awardCriteria: 'priceOnly',
    submissionMethod: ['electronicSubmission'],
    tenderPeriod: { startDate: iso(f.publishedAt), endDate: iso(bidDeadline) },
    ...(f.clarificationDeadline ? { enquiryPeriod: { startDate: iso(f.publishedAt), endDate: iso(f.clarificationDeadline) } } : {}),
  };
}

/** The releases of one process, oldest first. */
export function ocdsReleases(f: OcdsTenderFacts): OcdsRelease[] {
  const base = (id: string, date: Date, tag: OcdsTag[]) => ({ ocid: f.ocid, id: `${f.ocid}-${id}`, date: iso(date), tag, initiationType: 'tender', language: 'en' });
  const buyer = { id: f.agency.id, name: f.agency.name };
  const buyerParty = { ...buyer, roles: ['buyer', 'procuringEntity'] };
  const firstDeadline = f.amendments[0]?.previousBidDeadline ?? f.bidDeadline;
  const releases: OcdsRelease[] = [
    {
      ...base('tender', f.publishedAt, ['tender']),
      parties: [buyerParty],
      buyer,
      planning: { budget: { amount: money(f.baseAmount) } },
      tender: tenderSection(f, firstDeadline, 'active'),
    },
  ];
  f.amendments.forEach((a, i) => {
    const amendments = f.amendments.slice(0, i + 1).map((x) => ({ id: x.id, date: iso(x.at), rationale: x.summary }));
    releases.push({ ...base(`amendment-${a.id}`, a.at, ['tenderAmendment']), parties: [buyerParty], buyer, tender: { ...tenderSection(f, a.bidDeadline, 'active'), amendments } });
  });
  if (f.status === 'cancelled' && f.cancelledAt) {
    releases.push({
      ...base('cancellation', f.cancelledAt, ['tenderCancellation']),
      parties: [buyerParty], buyer,
      tender: { id: f.tenderId, status: 'cancelled', ...(f.cancelReason ? { statusDetails: f.cancelReason } : {}) },
    });
  }
  if (f.status === 'opened' && f.openedAt && f.award) {
    const winner = f.award.winner;
    const winnerName = f.tenderers.find((t) => t.id === winner?.vendorId)?.name ?? winner?.vendorId ?? '';
    releases.push({
      ...base('award', f.openedAt, ['award']),
      parties: [buyerParty, ...f.tenderers.map((t) => ({ id: t.id, name: t.name, roles: t.id === winner?.vendorId ? ['tenderer', 'supplier'] : ['tenderer'] }))],
      buyer,
      tender: { id: f.tenderId, status: 'complete', numberOfTenderers: f.tenderers.length, tenderers: f.tenderers.map((t) => ({ id: t.id, name: t.name })) },
      awards: winner
        ? [{ id: `${f.tenderId}-award`, status: 'pending', date: iso(f.openedAt), value: money(winner.price), suppliers: [{ id: winner.vendorId, name: winnerName }] }]
        : [{ id: `${f.tenderId}-award`, status: 'unsuccessful', date: iso(f.openedAt) }],
    });
  }
  const d = f.decision;
  if (d) {
    const award = (status: string) => ({ id: `${f.tenderId}-award`, status, value: money(d.price), suppliers: [{ id: d.vendorId, name: f.tenderers.find((t) => t.id === d.vendorId)?.name ?? d.vendorId }] });
    releases.push({ ...base('award-decision', d.decidedAt, ['awardUpdate']), parties: [buyerParty], buyer, awards: [{ ...award('pending'), date: iso(d.decidedAt) }] });
    if (d.annulledAt) releases.push({ ...base('award-annulled', d.annulledAt, ['awardCancellation']), parties: [buyerParty], buyer, awards: [award('cancelled')] });
    else if (d.finalAt) releases.push({ ...base('award-final', d.finalAt, ['awardUpdate']), parties: [buyerParty], buyer, awards: [award('active')] });
  }
  return releases;
}

const isObject = (v: Json | undefined): v is { [key: string]: Json } => typeof v === 'object' && v !== null && !Array.isArray(v);
const isIdArray = (v: Json | undefined): v is { [key: string]: Json }[] => Array.isArray(v) && v.length > 0 && v.every((x) => isObject(x) && 'id' in x);

/** OCDS merge: objects merge field by field, arrays of objects with ids merge by id, anything else is replaced. */
function merge(into: Json | undefined, from: Json): Json {
  if (isObject(from)) {
    const out: { [key: string]: Json } = isObject(into) ? { ...into } : {};
    for (const [key, value] of Object.entries(from)) {
      if (value === null) delete out[key];
      else out[key] = merge(out[key], value);
    }
    return out;
  }
  if (isIdArray(from) && isIdArray(into)) {
    const out = [...into];
    for (const item of from) {
      const at = out.findIndex((x) => x.id === item.id);
      if (at === -1) out.push(item);
      else out[at] = merge(out[at], item) as { [key: string]: Json };
    }
    return out;
  }
  return from;
}

/** A record: every release embedded, and the compiled release (the current state). */
export function ocdsRecord(releases: OcdsRelease[]) {
  let compiled: Json = {};
  for (const r of releases) {
    const { tag: _tag, id: _id, ...rest } = r;
    compiled = merge(compiled, rest as Json);
  }
  const last = releases[releases.length - 1]!;
  return { ocid: last.ocid, releases, compiledRelease: { ...(compiled as Record<string, Json>), id: `${last.ocid}-compiled`, tag: ['compiled'] } };
}
