/**
 * Award methods, as published with each tender. Each takes the opened, valid bids and returns
 * the full result: every bid with its rank or the reason it was not ranked, and the winner.
 * Pure and deterministic: the public result page and anyone re-running it get the same answer.
 *
 * - lowest price above a floor: the cheapest bid at or above the floor price wins;
 * - qualification review (적격심사): bids at or above the floor are examined from the cheapest up;
 *   the first whose price score plus qualification score reaches the pass mark wins;
 * - multiple reserve prices: the planned price comes from the bidders' picks
 *   (reserve-price.ts), the floor rate applies to it, then lowest price above the floor.
 *
 * Equal prices are ranked by the earlier final submission (the server's receipt time).
 */
import { floorPrice, plannedPriceFrom, type PlannedPrice } from './reserve-price.js';

export interface OpenedBid {
  bidId: string;
  vendorId: string;
  price: number;
  submittedAt: Date;
  /** Multiple reserve prices: the two reserve-price numbers (1..15) the vendor picked. */
  picks?: number[];
  /** Qualification review: points per criterion given by the evaluators. */
  qualificationPoints?: Record<string, number>;
}

export type Rejection = 'below_floor' | 'below_pass_mark' | 'above_planned_price';

export interface RankedBid {
  bidId: string;
  vendorId: string;
  price: number;
  /** 1 = best; undefined when the bid was not ranked. */
  rank?: number;
  rejection?: Rejection;
  /** Qualification review only. */
  score?: { price: number; qualification: number; total: number };
}

export interface AwardResult {
  method: AwardMethod['kind'];
  bids: RankedBid[];
  winner?: RankedBid;
  floorPrice: number;
  /** Multiple reserve prices only. */
  planned?: PlannedPrice;
}

export type AwardMethod =
  | { kind: 'lowest_above_floor'; plannedPrice: number; floorRateMillis: number }
  | { kind: 'multiple_reserve_price'; reservePrices: number[]; floorRateMillis: number }
  | {
      kind: 'qualification_review';
      plannedPrice: number;
      floorRateMillis: number;
      /** Price score = max(0, maxPoints − slope × |targetRatio% − price/planned×100|), to 2 decimals. */
      priceScore: { maxPoints: number; targetPercent: number; slope: number };
      /** Criterion → the most points it can give; bids' points are capped at these. */
      criteria: Record<string, number>;
      passMark: number;
    };

const byPriceThenTime = (a: OpenedBid, b: OpenedBid) => a.price - b.price || a.submittedAt.getTime() - b.submittedAt.getTime() || a.bidId.localeCompare(b.bidId);

const summary = (b: OpenedBid): RankedBid => ({ bidId: b.bidId, vendorId: b.vendorId, price: b.price });

/** Lowest price at or above `floor` and not above `ceiling`; the rest carry their reason. */
function rankLowest(bids: readonly OpenedBid[], floor: number, ceiling: number): RankedBid[] {
  let rank = 0;
  return [...bids].sort(byPriceThenTime).map((b) => {
    if (b.price < floor) return { ...summary(b), rejection: 'below_floor' };
    if (b.price > ceiling) return { ...summary(b), rejection: 'above_planned_price' };
    return { ...summary(b), rank: ++rank };
  });
}

const round2 = (n: number) => Math.round(n * 100) / 100;

export function priceScore(price: number, plannedPrice: number, rule: { maxPoints: number; targetPercent: number; slope: number }): number {
  const ratioPercent = (price / plannedPrice) * 100;
  return Math.max(0, round2(rule.maxPoints - rule.slope * Math.abs(rule.targetPercent - ratioPercent)));
}

function qualificationScore(points: Record<string, number> | undefined, criteria: Record<string, number>): number {
  let total = 0;
  for (const [criterion, max] of Object.entries(criteria)) total += Math.min(max, Math.max(0, points?.[criterion] ?? 0));
  return round2(total);
}

export function award(method: AwardMethod, bids: readonly OpenedBid[]): AwardResult {
  switch (method.kind) {
    case 'lowest_above_floor': {
      const floor = floorPrice(method.plannedPrice, method.floorRateMillis);
      const ranked = rankLowest(bids, floor, method.plannedPrice);
      return { method: method.kind, bids: ranked, floorPrice: floor, ...winnerOf(ranked) };
    }
    case 'multiple_reserve_price': {
      const planned = plannedPriceFrom(method.reservePrices, bids.map((b) => b.picks ?? []));
      const floor = floorPrice(planned.plannedPrice, method.floorRateMillis);
      const ranked = rankLowest(bids, floor, planned.plannedPrice);
      return { method: method.kind, bids: ranked, floorPrice: floor, planned, ...winnerOf(ranked) };
    }
    case 'qualification_review': {
      const floor = floorPrice(method.plannedPrice, method.floorRateMillis);
      let winnerFound = false;
      let rank = 0;
      const ranked = [...bids].sort(byPriceThenTime).map((b): RankedBid => {
        if (b.price < floor) return { ...summary(b), rejection: 'below_floor' };
        if (b.price > method.plannedPrice) return { ...summary(b), rejection: 'above_planned_price' };
        const price = priceScore(b.price, method.plannedPrice, method.priceScore);
        const qualification = qualificationScore(b.qualificationPoints, method.criteria);
        const score = { price, qualification, total: round2(price + qualification) };
        if (score.total < method.passMark) return { ...summary(b), score, rejection: 'below_pass_mark' };
        // Passing bids keep price order; the first one wins.
        winnerFound = true;
        return { ...summary(b), score, rank: ++rank };
      });
      return { method: method.kind, bids: ranked, floorPrice: floor, ...(winnerFound ? winnerOf(ranked) : {}) };
    }
  }
}

function winnerOf(ranked: RankedBid[]): { winner?: RankedBid } {
  const winner = ranked.find((b) => b.rank === 1);
  return winner ? { winner } : {};
}
