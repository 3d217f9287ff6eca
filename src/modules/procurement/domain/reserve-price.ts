/**
 * Korea's multiple-reserve-price method (복수예비가격): before bidding opens, 15 reserve prices
 * are drawn within a band around the base amount and committed; each bidder picks 2 of them with
 * the bid; at opening the 4 most-picked are averaged into the planned price (예정가격), and the
 * floor rate applies to that. Everything here is pure and deterministic given the draw, so
 * anyone can recompute the planned price from the revealed prices and the picks.
 *
 * Amounts are whole currency units (won) as safe integers. Rates are in basis points of a
 * percent (1 bp = 0.01 %): a ±2 % band is 200, a floor rate of 87.745 % is 8774.5 → give
 * `floorRateMillis` in thousandths of a percent instead (87.745 % = 87_745).
 */
import { createHash, randomInt } from 'node:crypto';
import { canonicalJson } from '../../../kernel/trust/tlog/canonical-json.js';

export const RESERVE_PRICE_COUNT = 15;
export const PICKS_PER_BID = 2;
export const PRICES_AVERAGED = 4;

export interface ReservePriceRules {
  /** The base amount (기초금액) the band is drawn around. */
  baseAmount: number;
  /** Half-width of the band in basis points: 200 = ±2 %. */
  bandBasisPoints: number;
}

/**
 * Draws 15 reserve prices: the band [base − b, base + b] is cut into 15 equal slots and one
 * price is drawn uniformly (CSPRNG) inside each, so the prices spread over the whole band and
 * are distinct whenever the band is at least 15 units wide. Listed in slot order (number 1..15).
 */
export function drawReservePrices(rules: ReservePriceRules, random: (min: number, max: number) => number = randomInt): number[] {
  const { baseAmount, bandBasisPoints } = rules;
  if (!Number.isSafeInteger(baseAmount) || baseAmount <= 0) throw new RangeError('The base amount must be a positive whole amount.');
  if (!Number.isInteger(bandBasisPoints) || bandBasisPoints < 1 || bandBasisPoints > 1000) throw new RangeError('The band must be 1 to 1,000 basis points.');
  const low = Math.ceil(baseAmount - (baseAmount * bandBasisPoints) / 10_000);
  const high = Math.floor(baseAmount + (baseAmount * bandBasisPoints) / 10_000);
  const width = (high - low + 1) / RESERVE_PRICE_COUNT;
  return Array.from({ length: RESERVE_PRICE_COUNT }, (_, i) => {
    const from = low + Math.floor(i * width);
    const to = Math.max(from + 1, low + Math.floor((i + 1) * width)); // exclusive
    return random(from, to);
  });
}

/** What is logged before bidding opens: a hash that binds the tender to its 15 prices. */
export interface ReservePriceCommitment {
  tenderId: string;
  prices: number[];
  /** 32 random bytes, base64url; revealed with the prices. */
  salt: string;
}

/** `sha256:<hex>` of the RFC 8785 canonical JSON of {tenderId, prices, salt}. */
export function commitReservePrices(c: ReservePriceCommitment): string {
  if (c.prices.length !== RESERVE_PRICE_COUNT) throw new RangeError(`A draw has ${RESERVE_PRICE_COUNT} prices.`);
  return `sha256:${createHash('sha256').update(canonicalJson({ prices: c.prices, salt: c.salt, tenderId: c.tenderId })).digest('hex')}`;
}

/** Picks are reserve-price numbers 1..15; a bid holds exactly two different ones. */
export function isValidPick(picks: readonly number[]): boolean {
  return picks.length === PICKS_PER_BID && new Set(picks).size === PICKS_PER_BID && picks.every((n) => Number.isInteger(n) && n >= 1 && n <= RESERVE_PRICE_COUNT);
}

export interface PlannedPrice {
  /** How often each of the 15 prices (index 0 = number 1) was picked. */
  pickCounts: number[];
  /** The numbers (1..15) of the 4 prices averaged. */
  chosen: number[];
  /** Their mean, rounded up to a whole unit. */
  plannedPrice: number;
}

/**
 * The 4 most-picked prices by pick count; equal counts are settled by the lower number, a rule
 * that is published with the tender so the result is reproducible. With no valid bid at all the
 * lowest numbers win by the same rule. The mean is rounded up to a whole unit.
 */
export function plannedPriceFrom(prices: readonly number[], picks: readonly (readonly number[])[]): PlannedPrice {
  if (prices.length !== RESERVE_PRICE_COUNT) throw new RangeError(`A draw has ${RESERVE_PRICE_COUNT} prices.`);
  const pickCounts = new Array<number>(RESERVE_PRICE_COUNT).fill(0);
  for (const pick of picks) {
    if (!isValidPick(pick)) continue;
    for (const n of pick) pickCounts[n - 1]! += 1;
  }
  const chosen = pickCounts
    .map((count, i) => ({ count, number: i + 1 }))
    .sort((a, b) => b.count - a.count || a.number - b.number)
    .slice(0, PRICES_AVERAGED)
    .map((p) => p.number)
    .sort((a, b) => a - b);
  const sum = chosen.reduce((total, n) => total + prices[n - 1]!, 0);
  return { pickCounts, chosen, plannedPrice: Math.ceil(sum / PRICES_AVERAGED) };
}

/**
 * The lowest acceptable bid: the price times the floor rate, rounded up to a whole unit.
 * `floorRateMillis` is thousandths of a percent (87.745 % = 87_745).
 */
export function floorPrice(price: number, floorRateMillis: number): number {
  if (!Number.isInteger(floorRateMillis) || floorRateMillis <= 0 || floorRateMillis > 100_000) {
    throw new RangeError('The floor rate is between 0 and 100 % in thousandths of a percent.');
  }
  // Integer arithmetic: price × rate / 100,000, rounded up, without floating-point error.
  return Number((BigInt(price) * BigInt(floorRateMillis) + 99_999n) / 100_000n);
}
