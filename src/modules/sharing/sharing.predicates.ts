/**
 * Yes/no checks a provider answers without handing over the value. Each reads one item's record
 * and, for some, a parameter given by the consumer (a threshold, a town, a licence class).
 */
export interface PredicateDefinition {
  itemCode: string;
  /** What the parameter is, when the predicate needs one. */
  parameter?: 'amount' | 'text';
  test(record: Record<string, unknown>, parameter: string | undefined): boolean;
}

const list = (v: unknown): Record<string, unknown>[] => (Array.isArray(v) ? (v as Record<string, unknown>[]) : []);

export const PREDICATES: Record<string, PredicateDefinition> = {
  'income-below': { itemCode: 'income-tax', parameter: 'amount', test: (r, p) => Number(r.annualIncome) < Number(p) },
  'no-unpaid-national-tax': { itemCode: 'income-tax', test: (r) => r.unpaidNationalTax === 0 },
  'resident-of-town': { itemCode: 'resident-registration', parameter: 'text', test: (r, p) => typeof r.currentAddress === 'string' && p !== undefined && r.currentAddress.includes(p) },
  'has-spouse': { itemCode: 'family-relations', test: (r) => r.spouse !== null && r.spouse !== undefined },
  'service-completed': { itemCode: 'military-service', test: (r) => r.status === 'completed' },
  'holds-licence': { itemCode: 'driving-licences', parameter: 'text', test: (r, p) => list(r.licences).some((l) => l.code === p) },
  'owns-no-home': { itemCode: 'land-buildings', test: (r) => !list(r.properties).some((x) => x.kind === 'building') },
  'runs-active-business': { itemCode: 'business-registration', test: (r) => list(r.businesses).some((b) => b.status === 'active') },
  'receives-basic-livelihood': { itemCode: 'welfare-status', test: (r) => r.basicLivelihood === true },
  'disability-registered': { itemCode: 'welfare-status', test: (r) => r.disabilityRegistered === true },
};

/** True when the parameter has the shape the predicate needs (or none is needed and none given). */
export function isParameterValid(name: string, parameter: string | undefined): boolean {
  const def = PREDICATES[name];
  if (!def) return false;
  if (!def.parameter) return parameter === undefined || parameter === '';
  if (parameter === undefined) return false;
  return def.parameter === 'amount' ? /^\d{1,15}$/.test(parameter) : parameter.length >= 1 && parameter.length <= 100;
}
