import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { award, priceScore, type OpenedBid } from './award.js';
import { commitReservePrices, drawReservePrices, floorPrice, isValidPick, plannedPriceFrom, RESERVE_PRICE_COUNT } from './reserve-price.js';

const t = (minute: number) => new Date(Date.UTC(2026, 3, 1, 1, minute));
const bid = (id: string, price: number, minute: number, extra: Partial<OpenedBid> = {}): OpenedBid => ({ bidId: id, vendorId: `ven_${id}`, price, submittedAt: t(minute), ...extra });

describe('multiple reserve prices: the draw', () => {
  it('draws 15 prices inside the band, one in each fifteenth of it, so they are distinct and rising', () => {
    fc.assert(
      fc.property(fc.integer({ min: 10_000, max: 50_000_000_000 }), fc.integer({ min: 10, max: 500 }), (base, band) => {
        const prices = drawReservePrices({ baseAmount: base, bandBasisPoints: band });
        assert.equal(prices.length, RESERVE_PRICE_COUNT);
        const low = base - (base * band) / 10_000;
        const high = base + (base * band) / 10_000;
        for (const p of prices) assert.ok(Number.isSafeInteger(p) && p >= low && p <= high, `${p} outside [${low}, ${high}]`);
        for (let i = 1; i < prices.length; i++) assert.ok(prices[i]! > prices[i - 1]!, 'prices rise slot by slot');
      }),
      { numRuns: 300 },
    );
  });

  it('takes the extremes of each slot when the random source does', () => {
    const lowest = drawReservePrices({ baseAmount: 1_000_000, bandBasisPoints: 200 }, (min) => min);
    const highest = drawReservePrices({ baseAmount: 1_000_000, bandBasisPoints: 200 }, (_min, max) => max - 1);
    assert.equal(lowest[0], 980_000);
    assert.equal(highest[14], 1_020_000);
  });

  it('refuses a base amount or band that makes no sense', () => {
    assert.throws(() => drawReservePrices({ baseAmount: 0, bandBasisPoints: 200 }), RangeError);
    assert.throws(() => drawReservePrices({ baseAmount: 1000.5, bandBasisPoints: 200 }), RangeError);
    assert.throws(() => drawReservePrices({ baseAmount: 1_000_000, bandBasisPoints: 0 }), RangeError);
  });

  it('commits to tender, prices and salt: changing any of them changes the commitment', () => {
    const c = { tenderId: 'tnd_abcdefgh', prices: drawReservePrices({ baseAmount: 5_000_000, bandBasisPoints: 200 }), salt: 'c2FsdHNhbHRzYWx0' };
    const hash = commitReservePrices(c);
    assert.match(hash, /^sha256:[0-9a-f]{64}$/);
    assert.equal(commitReservePrices({ ...c, prices: [...c.prices] }), hash);
    assert.notEqual(commitReservePrices({ ...c, prices: c.prices.map((p, i) => (i === 7 ? p + 1 : p)) }), hash);
    assert.notEqual(commitReservePrices({ ...c, salt: 'b3RoZXJzYWx0' }), hash);
    assert.notEqual(commitReservePrices({ ...c, tenderId: 'tnd_zzzzzzzz' }), hash);
  });
});

describe('multiple reserve prices: the planned price', () => {
  const prices = [980_100, 983_000, 985_500, 988_200, 990_900, 993_300, 996_000, 998_700, 1_001_200, 1_004_000, 1_006_600, 1_009_100, 1_012_000, 1_014_400, 1_017_300];

  it('averages the 4 most-picked prices, rounded up (a worked example)', () => {
    // Counts: #3 ×3, #9 ×3, #12 ×2, #5 ×2, #1 ×1, #14 ×1 → chosen 3, 5, 9, 12.
    const picks = [[3, 9], [3, 12], [9, 5], [3, 1], [12, 14], [5, 9]];
    const planned = plannedPriceFrom(prices, picks);
    assert.deepEqual(planned.chosen, [3, 5, 9, 12]);
    assert.equal(planned.pickCounts[2], 3);
    // (985,500 + 990,900 + 1,001,200 + 1,009,100) / 4 = 996,675
    assert.equal(planned.plannedPrice, 996_675);
    assert.equal(plannedPriceFrom(prices, [[1, 2], [1, 3], [1, 4]]).plannedPrice, Math.ceil((980_100 + 983_000 + 985_500 + 988_200) / 4));
  });

  it('settles equal counts by the lower number and ignores invalid picks', () => {
    assert.deepEqual(plannedPriceFrom(prices, [[15, 14], [13, 12]]).chosen, [12, 13, 14, 15]);
    assert.deepEqual(plannedPriceFrom(prices, [[15, 15], [0, 16], [1]]).chosen, [1, 2, 3, 4]);
    assert.equal(isValidPick([2, 2]), false);
    assert.equal(isValidPick([1, 15]), true);
  });

  it('matches a naive recomputation for any set of picks', () => {
    const pick = fc.uniqueArray(fc.integer({ min: 1, max: 15 }), { minLength: 2, maxLength: 2 });
    fc.assert(
      fc.property(fc.array(pick, { maxLength: 60 }), (picks) => {
        const planned = plannedPriceFrom(prices, picks);
        const counts = Array.from({ length: 15 }, (_, i) => picks.filter((p) => p.includes(i + 1)).length);
        const order = [...Array(15).keys()].sort((a, b) => counts[b]! - counts[a]! || a - b);
        const naive = order.slice(0, 4).map((i) => prices[i]!);
        assert.deepEqual(planned.pickCounts, counts);
        assert.equal(planned.plannedPrice, Math.ceil(naive.reduce((a, b) => a + b, 0) / 4));
        assert.ok(planned.plannedPrice >= Math.min(...naive) && planned.plannedPrice <= Math.max(...naive));
      }),
      { numRuns: 500 },
    );
  });
});

describe('floor price', () => {
  it('applies the floor rate exactly and rounds up to a whole unit', () => {
    assert.equal(floorPrice(100_000_000, 87_745), 87_745_000);
    assert.equal(floorPrice(1_000, 87_745), 878); // 877.45
    assert.equal(floorPrice(996_675, 87_745), 874_533); // 874,532.47875
    assert.equal(floorPrice(9_007_199_254_740, 87_745), 7_903_366_986_072); // 7,903,366,986,071.613: no floating-point drift
    assert.throws(() => floorPrice(1000, 0), RangeError);
  });
});

describe('award methods', () => {
  it('lowest price above the floor: ranks by price then submission time, and says why others are out', () => {
    const result = award({ kind: 'lowest_above_floor', plannedPrice: 1_000_000, floorRateMillis: 87_745 }, [
      bid('a', 900_000, 5),
      bid('b', 877_000, 1), // below the floor of 877,450
      bid('c', 900_000, 2), // same price as a, earlier
      bid('d', 1_000_001, 3), // above the planned price
      bid('e', 950_000, 4),
    ]);
    assert.equal(result.floorPrice, 877_450);
    assert.deepEqual(
      result.bids.map((b) => [b.bidId, b.rank ?? b.rejection]),
      [['b', 'below_floor'], ['c', 1], ['a', 2], ['e', 3], ['d', 'above_planned_price']],
    );
    assert.equal(result.winner?.bidId, 'c');
  });

  it('multiple reserve prices: the planned price from the picks sets the floor, then the lowest valid bid wins', () => {
    const prices = [980_100, 983_000, 985_500, 988_200, 990_900, 993_300, 996_000, 998_700, 1_001_200, 1_004_000, 1_006_600, 1_009_100, 1_012_000, 1_014_400, 1_017_300];
    const result = award({ kind: 'multiple_reserve_price', reservePrices: prices, floorRateMillis: 87_745 }, [
      bid('a', 874_532, 1, { picks: [3, 9] }), // one won below the floor of 874,533
      bid('b', 874_533, 2, { picks: [3, 12] }),
      bid('c', 880_000, 3, { picks: [9, 5] }),
      bid('d', 900_000, 4, { picks: [3, 1] }),
      bid('e', 910_000, 5, { picks: [12, 14] }),
      bid('f', 920_000, 6, { picks: [5, 9] }),
    ]);
    assert.equal(result.planned?.plannedPrice, 996_675);
    assert.equal(result.floorPrice, 874_533);
    assert.equal(result.bids[0]?.rejection, 'below_floor');
    assert.equal(result.winner?.bidId, 'b');
  });

  it('qualification review: the cheapest bid whose price and qualification scores reach the pass mark wins', () => {
    const method = {
      kind: 'qualification_review' as const,
      plannedPrice: 1_000_000,
      floorRateMillis: 80_000,
      priceScore: { maxPoints: 50, targetPercent: 88, slope: 2 },
      criteria: { experience: 30, management: 20 },
      passMark: 95,
    };
    assert.equal(priceScore(880_000, 1_000_000, method.priceScore), 50);
    assert.equal(priceScore(900_000, 1_000_000, method.priceScore), 46);
    const result = award(method, [
      bid('cheap', 850_000, 1, { qualificationPoints: { experience: 30, management: 20 } }), // 50 − 2×3 = 44 + 50 = 94
      bid('fit', 880_000, 2, { qualificationPoints: { experience: 28, management: 20 } }), // 50 + 48 = 98
      bid('capped', 890_000, 3, { qualificationPoints: { experience: 99, management: 20 } }), // 48 + 50 (capped) = 98
      bid('low', 790_000, 4, { qualificationPoints: { experience: 30, management: 20 } }), // below the floor
    ]);
    assert.deepEqual(
      result.bids.map((b) => [b.bidId, b.rank ?? b.rejection, b.score?.total]),
      [['low', 'below_floor', undefined], ['cheap', 'below_pass_mark', 94], ['fit', 1, 98], ['capped', 2, 98]],
    );
    assert.equal(result.winner?.bidId, 'fit');
  });

  it('has no winner when no bid qualifies', () => {
    const result = award({ kind: 'lowest_above_floor', plannedPrice: 1_000, floorRateMillis: 90_000 }, [bid('a', 10, 1)]);
    assert.equal(result.winner, undefined);
  });
});
