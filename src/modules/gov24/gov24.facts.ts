import type { ConsentedItem, SharingConsentPort } from '../sharing/index.js';
import type { FactsSource } from './gov24.ports.js';

/** A Gov24 fact as the sharing hub publishes it: the item, the fields it needs, and the value in Gov24's words. */
interface FactMapping {
  itemCode: string;
  fields: string[];
  value(fields: Record<string, unknown>): string | undefined;
}

const text = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);
const count = (v: unknown) => (Array.isArray(v) ? v.length : undefined);

/** Income brackets (annual income, won): 1 below 24 M, 2 below 36 M, 3 below 60 M, 4 below 84 M, else 5. */
export function incomeBracket(annualIncome: number): string {
  const limits = [24_000_000, 36_000_000, 60_000_000, 84_000_000];
  return String(limits.filter((l) => annualIncome >= l).length + 1);
}

/**
 * Which hub item and fields give each Gov24 fact. Facts the hub publishes no item for (health
 * insurance, pension, employment insurance: their agencies do not take part yet) are not here.
 */
export const FACT_SOURCES: Record<string, FactMapping> = {
  'resident.name': { itemCode: 'resident-registration', fields: ['name'], value: (f) => text(f.name) },
  'resident.birthDate': { itemCode: 'resident-registration', fields: ['birthDate'], value: (f) => text(f.birthDate) },
  'resident.address': { itemCode: 'resident-registration', fields: ['currentAddress'], value: (f) => text(f.currentAddress) },
  'family.children': { itemCode: 'family-relations', fields: ['children'], value: (f) => count(f.children)?.toString() },
  'tax.paymentStatus': {
    itemCode: 'income-tax', fields: ['unpaidNationalTax', 'unpaidLocalTax'],
    value: (f) => (f.unpaidNationalTax === undefined ? undefined : Number(f.unpaidNationalTax ?? 0) + Number(f.unpaidLocalTax ?? 0) > 0 ? 'arrears' : 'no-arrears'),
  },
  'income.bracket': { itemCode: 'income-tax', fields: ['annualIncome'], value: (f) => (typeof f.annualIncome === 'number' || typeof f.annualIncome === 'string' ? incomeBracket(Number(f.annualIncome)) : undefined) },
  'vehicle.registered': {
    itemCode: 'vehicles', fields: ['vehicles'],
    value: (f) => {
      const n = count(f.vehicles);
      return n === undefined ? undefined : n === 0 ? 'no-vehicle' : n === 1 ? 'one-vehicle' : `${n}-vehicles`;
    },
  },
};

/** The hub items and fields a set of Gov24 facts needs (one entry per item, fields merged). */
export function consentedItemsFor(facts: readonly string[]): ConsentedItem[] {
  const byItem = new Map<string, Set<string>>();
  for (const fact of facts) {
    const m = FACT_SOURCES[fact];
    if (!m) continue;
    const fields = byItem.get(m.itemCode) ?? new Set<string>();
    for (const f of m.fields) fields.add(f);
    byItem.set(m.itemCode, fields);
  }
  return [...byItem].map(([itemCode, fields]) => ({ itemCode, fields: [...fields] }));
}

/**
 * The facts port over the information-sharing hub's consented lookup: the consent page records the
 * applicant's consent with the hub (agency, service, application, each item and field), and the
 * facts are then fetched under it, exactly those fields. Facts the hub has no item for come from
 * `fallback` (the demo adapter), so a service that needs them still works in the demo country.
 */
export function createSharingFactsSource(hub: SharingConsentPort, fallback: FactsSource): FactsSource {
  return {
    async recordConsent(consent) {
      const items = consentedItemsFor(consent.items);
      if (items.length === 0) return { consentId: '' };
      const { consentId } = await hub.recordConsent({
        personId: consent.personId, consumerId: consent.agencyId, serviceCode: consent.serviceCode, serviceName: consent.serviceName,
        applicationId: consent.applicationId, channel: 'gov24', items,
      });
      return { consentId };
    },
    async fetch(personId, facts, purpose) {
      // Without an application's receiving agency (the person's own pages, e.g. their certificates or
      // life information) there is no consented lookup to make: the fallback answers, as before.
      if (!purpose.agencyId) return fallback.fetch(personId, facts, purpose);
      const viaHub = facts.filter((f) => FACT_SOURCES[f]);
      const others = facts.filter((f) => !FACT_SOURCES[f]);
      const out: Record<string, string> = others.length > 0 ? await fallback.fetch(personId, others, purpose) : {};
      if (viaHub.length === 0) return out;
      const result = await hub.consentedLookup({
        consentId: purpose.consentId || undefined, personId, consumerId: purpose.agencyId, serviceCode: purpose.serviceCode,
        applicationId: purpose.applicationId, channel: 'gov24', items: consentedItemsFor(viaHub),
      });
      for (const fact of viaHub) {
        const m = FACT_SOURCES[fact]!;
        const item = result.items.find((i) => i.itemCode === m.itemCode);
        const value = item && item.outcome === 'given' ? m.value(item.fields) : undefined;
        if (value !== undefined) out[fact] = value;
      }
      return out;
    },
  };
}
