import type { RoutingRuleRow } from './epeople.tables.js';

export interface RoutingFacts {
  type: string;
  category: string | null;
  address: string | null;
}

/**
 * The competent agency for a case: the first rule, by priority, whose every condition holds (a
 * rule's empty condition matches anything). Undefined sends the case to the triage queue.
 */
export function routeCase(rules: readonly RoutingRuleRow[], facts: RoutingFacts): string | undefined {
  const address = facts.address?.toLowerCase() ?? '';
  const category = facts.category?.toLowerCase() ?? null;
  const ordered = [...rules].sort((a, b) => a.priority - b.priority || a.id.localeCompare(b.id));
  return ordered.find(
    (r) =>
      (r.case_type === null || r.case_type === facts.type) &&
      (r.category === null || r.category.toLowerCase() === category) &&
      (r.location_contains === null || (address !== '' && address.includes(r.location_contains.toLowerCase()))),
  )?.agency_id;
}
