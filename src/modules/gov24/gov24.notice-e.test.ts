import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { demoCatalogue } from './gov24.demo-catalogue.js';
import { FACT_ITEMS } from './gov24.catalogue.js';
import { ageOn, evaluate, itemsReadBy, NOTICE_E_RULES, type EligibilityRule } from './gov24.notice-e.js';

const on = new Date('2026-03-02T00:00:00Z');
const eligibleFor = (facts: Record<string, string>, rules: readonly EligibilityRule[] = NOTICE_E_RULES) =>
  evaluate(rules, facts, on).filter((e) => e.eligible).map((e) => e.rule.serviceCode);

describe('Notice e: eligibility rules are data', () => {
  test('every rule points at an online service of the catalogue and reads only known facts', () => {
    const online = new Set(demoCatalogue().filter((d) => d.form.length > 0).map((d) => d.code));
    for (const rule of NOTICE_E_RULES) {
      assert.ok(online.has(rule.serviceCode), `${rule.serviceCode} can be applied for`);
      assert.ok(rule.conditions.length > 0);
    }
    for (const item of itemsReadBy(NOTICE_E_RULES)) assert.ok(FACT_ITEMS[item], `${item} is a fact item`);
    assert.deepEqual(itemsReadBy(NOTICE_E_RULES), ['family.children', 'income.bracket', 'resident.birthDate']);
  });

  test('age counts whole years and turns on the birthday, not before', () => {
    assert.equal(ageOn('2001-03-02', on), 25);
    assert.equal(ageOn('2001-03-03', on), 24);
    assert.equal(ageOn('1961-03-01', on), 65);
    assert.equal(ageOn('2000-02-29', new Date('2026-02-28T00:00:00Z')), 25);
    assert.equal(ageOn('not a date', on), undefined);
  });

  test('a young person on a modest income may get rent support; at 35 or on the top bracket, not', () => {
    assert.deepEqual(eligibleFor({ 'resident.birthDate': '2001-07-22', 'income.bracket': '2', 'family.children': '0' }), ['youth-rent-support']);
    assert.deepEqual(eligibleFor({ 'resident.birthDate': '1991-03-01', 'income.bracket': '2', 'family.children': '0' }), []);
    assert.deepEqual(eligibleFor({ 'resident.birthDate': '2001-07-22', 'income.bracket': '5', 'family.children': '0' }), []);
    assert.deepEqual(eligibleFor({ 'resident.birthDate': '2007-03-02', 'income.bracket': '1', 'family.children': '0' }), ['youth-rent-support'], '19 on the day');
  });

  test('parents may get child allowance, and people of 65 on lower incomes the basic pension', () => {
    assert.deepEqual(eligibleFor({ 'resident.birthDate': '1990-03-15', 'income.bracket': '5', 'family.children': '2' }), ['child-allowance']);
    assert.deepEqual(eligibleFor({ 'resident.birthDate': '1960-01-01', 'income.bracket': '3', 'family.children': '0' }), ['basic-pension']);
    assert.deepEqual(eligibleFor({ 'resident.birthDate': '1960-01-01', 'income.bracket': '4', 'family.children': '0' }), []);
  });

  test('a fact the registers do not hold makes a condition unmet, never met', () => {
    const [child] = evaluate(NOTICE_E_RULES, {}, on);
    assert.equal(child!.eligible, false);
    assert.deepEqual(child!.results.map((r) => [r.actual, r.met]), [[undefined, false]]);
    assert.deepEqual(eligibleFor({ 'family.children': 'many' }), []);
  });

  test('each result says what was checked against what, so the page can explain it', () => {
    const rent = evaluate(NOTICE_E_RULES, { 'resident.birthDate': '2001-07-22', 'income.bracket': '5' }, on).find((e) => e.rule.serviceCode === 'youth-rent-support')!;
    assert.deepEqual(rent.results.map((r) => [r.condition.fact, r.actual, r.met]), [['age', '24', true], ['income.bracket', '5', false]]);
  });
});
