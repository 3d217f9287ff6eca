import { createHash } from 'node:crypto';

/**
 * A small seeded random source (sfc32) for the demo country. Math.random and faker's global
 * state are avoided so that the same seed gives byte-identical data on every machine.
 */
export interface DemoRandom {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max], both included. */
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  /** Picks by weight: `[[item, weight], ...]`. */
  weighted<T>(items: readonly (readonly [T, number])[]): T;
  digits(count: number): string;
  /** True with probability `p`. */
  chance(p: number): boolean;
}

export function createDemoRandom(seed: string): DemoRandom {
  const h = createHash('sha256').update(`nara-demo-random:${seed}`).digest();
  let a = h.readUInt32LE(0);
  let b = h.readUInt32LE(4);
  let c = h.readUInt32LE(8);
  let d = h.readUInt32LE(12);
  const next = (): number => {
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0;
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 15; i++) next(); // warm up: the first outputs of sfc32 are weak
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  return {
    next,
    int,
    pick: <T>(items: readonly T[]): T => {
      if (items.length === 0) throw new Error('pick from an empty list');
      return items[int(0, items.length - 1)] as T;
    },
    weighted: <T>(items: readonly (readonly [T, number])[]): T => {
      const total = items.reduce((sum, [, w]) => sum + w, 0);
      let roll = next() * total;
      for (const [item, w] of items) {
        roll -= w;
        if (roll < 0) return item;
      }
      return (items.at(-1) as readonly [T, number])[0];
    },
    digits: (count: number) => Array.from({ length: count }, () => String(int(0, 9))).join(''),
    chance: (p: number) => next() < p,
  };
}

const ALPHABET = 'abcdefghjkmnpqrstvwxyz0123456789';

/**
 * An id in the identity kernel's shape ("per_...", "org_...": a prefix and 24 base32
 * characters) derived from the seed and a stable key, so a demo record keeps its id across
 * reloads and the URLs written in docs keep working.
 */
export function stableId(prefix: string, seed: string, key: string): string {
  const bytes = createHash('sha256').update(`nara-demo-id:${seed}:${key}`).digest().subarray(0, 15);
  let bits = 0;
  let value = 0;
  let out = '';
  for (const b of bytes) {
    value = ((value << 8) | b) & 0xffff;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return `${prefix}_${out}`;
}
