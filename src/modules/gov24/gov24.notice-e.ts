/**
 * "Notice e": which benefits a citizen may be eligible for, from their own facts (with their
 * consent), and why. The rules are data: a benefit (a catalogue service to apply for) and the
 * conditions over facts that make someone likely eligible. Each condition says what it checked,
 * so the page can say why in plain words. Likely, not certain: the agency decides on application.
 */

/** A fact a rule may test: a FACT_ITEMS code, or `age` (whole years, from resident.birthDate). */
export type RuleFact = 'age' | 'family.children' | 'income.bracket' | 'employment.insured' | 'health.insuranceType' | 'pension.enrolment' | 'vehicle.registered' | 'tax.paymentStatus';

export type Condition =
  | { fact: RuleFact; op: 'atLeast' | 'atMost'; value: number }
  | { fact: RuleFact; op: 'between'; min: number; max: number }
  | { fact: RuleFact; op: 'is'; value: string };

export interface EligibilityRule {
  /** The catalogue service the citizen would apply to. */
  serviceCode: string;
  conditions: Condition[];
}

/** The demo country's rules. A deployment publishes its own (they are data: see the tests). */
export const NOTICE_E_RULES: readonly EligibilityRule[] = [
  { serviceCode: 'child-allowance', conditions: [{ fact: 'family.children', op: 'atLeast', value: 1 }] },
  { serviceCode: 'basic-pension', conditions: [{ fact: 'age', op: 'atLeast', value: 65 }, { fact: 'income.bracket', op: 'atMost', value: 3 }] },
  { serviceCode: 'youth-rent-support', conditions: [{ fact: 'age', op: 'between', min: 19, max: 34 }, { fact: 'income.bracket', op: 'atMost', value: 4 }] },
];

/** The facts the rules read (what the citizen consents to have checked). */
export function itemsReadBy(rules: readonly EligibilityRule[]): string[] {
  const items = new Set<string>();
  for (const rule of rules) for (const c of rule.conditions) items.add(c.fact === 'age' ? 'resident.birthDate' : c.fact);
  return [...items].sort();
}

export interface ConditionResult {
  condition: Condition;
  /** The citizen's value, as text; undefined when the register holds none. */
  actual: string | undefined;
  met: boolean;
}

export interface Eligibility {
  rule: EligibilityRule;
  eligible: boolean;
  results: ConditionResult[];
}

/** Whole years between `birthDate` (YYYY-MM-DD) and `on`, in the calendar of the date given. */
export function ageOn(birthDate: string, on: Date): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(birthDate);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const hadBirthday = on.getUTCMonth() + 1 > mo || (on.getUTCMonth() + 1 === mo && on.getUTCDate() >= d);
  return on.getUTCFullYear() - y - (hadBirthday ? 0 : 1);
}

function check(condition: Condition, actual: string | undefined): boolean {
  if (actual === undefined) return false;
  if (condition.op === 'is') return actual === condition.value;
  const n = Number(actual);
  if (!Number.isFinite(n)) return false;
  if (condition.op === 'between') return n >= condition.min && n <= condition.max;
  return condition.op === 'atLeast' ? n >= condition.value : n <= condition.value;
}

/** Every rule against the citizen's facts on `today`: eligible only when every condition is met. */
export function evaluate(rules: readonly EligibilityRule[], facts: Record<string, string>, today: Date): Eligibility[] {
  const age = facts['resident.birthDate'] ? ageOn(facts['resident.birthDate'], today) : undefined;
  return rules.map((rule) => {
    const results = rule.conditions.map((condition) => {
      const actual = condition.fact === 'age' ? (age === undefined ? undefined : String(age)) : facts[condition.fact];
      return { condition, actual, met: check(condition, actual) };
    });
    return { rule, eligible: results.every((r) => r.met), results };
  });
}
