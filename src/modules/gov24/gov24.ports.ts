import { createHash } from 'node:crypto';
import type { Kernel } from '../../kernel/kernel.js';
import { FACT_ITEMS } from './gov24.catalogue.js';

/**
 * Where the facts other agencies hold come from. At merge this is the information-sharing hub's
 * consented lookup (issue #4): Gov24 asks for exactly the items the applicant consented to, and
 * the hub fetches each from its holder. Until then the demo adapter below stands in.
 */
export interface FactsSource {
  /**
   * Records the applicant's consent to these items for one application, with the agency that
   * receives it; returns the consent's id for `fetch`. The demo adapter keeps no record.
   */
  recordConsent?(consent: FactsConsent): Promise<{ consentId: string }>;
  /** The consented items for `personId`, item code -> value as text. Items the holder lacks are absent. */
  fetch(personId: string, items: readonly string[], purpose: FactsPurpose): Promise<Record<string, string>>;
}

export interface FactsPurpose {
  serviceCode: string;
  applicationId: string;
  /** The agency that receives the application (the one the facts are fetched for). */
  agencyId?: string;
  /** The consent `recordConsent` returned. */
  consentId?: string;
}

export interface FactsConsent {
  personId: string;
  agencyId: string;
  serviceCode: string;
  serviceName: string;
  applicationId: string;
  items: readonly string[];
}

/**
 * Facts for one purpose the person has just agreed to (an application's consent page, a
 * certificate they asked for, a Notice e check): the consent is recorded with the holder side
 * first (the sharing hub keeps it and shows the access to the person), then exactly those facts
 * are fetched under it.
 */
export async function fetchConsentedFacts(facts: FactsSource, consent: FactsConsent): Promise<Record<string, string>> {
  const recorded = await facts.recordConsent?.(consent);
  return facts.fetch(consent.personId, consent.items, {
    serviceCode: consent.serviceCode, applicationId: consent.applicationId, agencyId: consent.agencyId, ...(recorded ? { consentId: recorded.consentId } : {}),
  });
}

/**
 * Demo only: reads the demo country's own data. Name, birth date and address come from the
 * resident register (the identity directory); the other registries do not exist yet, so their
 * facts are derived deterministically from the person id, clearly fictional and stable.
 */
export function createDemoRegistryFactsSource(kernel: Pick<Kernel, 'identity'>): FactsSource {
  const pick = (personId: string, item: string, choices: readonly string[]) =>
    choices[createHash('sha256').update(`${personId}\n${item}`).digest()[0]! % choices.length]!;
  return {
    async fetch(personId, items) {
      const person = await kernel.identity.getPerson(personId);
      if (!person) return {};
      const out: Record<string, string> = {};
      for (const item of items) {
        if (!FACT_ITEMS[item]) continue;
        const value = ((): string | undefined => {
          switch (item) {
            case 'resident.name': return person.displayName;
            case 'resident.birthDate': return person.birthDate ?? undefined;
            case 'resident.address': return [person.addressLine1, person.addressLine2, person.addressTown].filter(Boolean).join(', ') || undefined;
            case 'family.children': return pick(personId, item, ['0', '1', '2', '3']);
            case 'tax.paymentStatus': return pick(personId, item, ['no-arrears', 'no-arrears', 'no-arrears', 'arrears']);
            case 'income.bracket': return pick(personId, item, ['1', '2', '3', '4', '5']);
            case 'health.insuranceType': return pick(personId, item, ['employee', 'self-employed', 'dependant']);
            case 'pension.enrolment': return pick(personId, item, ['enrolled', 'enrolled', 'not-enrolled']);
            case 'employment.insured': return pick(personId, item, ['insured', 'insured', 'not-insured']);
            case 'vehicle.registered': return pick(personId, item, ['one-vehicle', 'no-vehicle']);
          }
          return undefined;
        })();
        if (value !== undefined) out[item] = value;
      }
      return out;
    },
  };
}

/** Fees: a payment port. A real deployment plugs in its payment gateway. */
export interface PaymentPort {
  /** Takes `amountKrw` for an application; returns the payment reference. Throws DomainError on refusal. */
  charge(input: { applicationId: string; amountKrw: number; payerId: string }): Promise<{ reference: string }>;
}

/** Development adapter: records nothing anywhere and always succeeds. Never use it in production. */
export function createDevelopmentPaymentAdapter(): PaymentPort {
  let n = 0;
  return {
    async charge({ applicationId }) {
      n += 1;
      return { reference: `DEV-PAY-${applicationId.slice(4, 12).toUpperCase()}-${n}` };
    },
  };
}
