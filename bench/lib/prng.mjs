/**
 * Deterministic randomness for the corpus generator: mulberry32 seeded from a
 * string hash, plus the few helpers the generator needs. Never Math.random, so
 * the same seed always writes byte-identical files on every machine.
 */

/** 32-bit FNV-1a hash of a string, used to derive a per-set seed from "seed:index". */
export function hashSeed(text) {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** mulberry32: a small, fast PRNG with a 32-bit state; returns floats in [0, 1). */
export function mulberry32(seed) {
  let a = seed >>> 0;
  return function next() {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A PRNG with helpers. `key` is any string; equal keys give equal sequences. */
export function createRng(key) {
  const next = mulberry32(hashSeed(String(key)));
  const rng = {
    /** Float in [0, 1). */
    next,
    /** Integer in [min, max], both inclusive. */
    int(min, max) {
      return min + Math.floor(next() * (max - min + 1));
    },
    /** True with probability p. */
    chance(p) {
      return next() < p;
    },
    /** One element of a non-empty array. */
    pick(items) {
      return items[Math.floor(next() * items.length)];
    },
    /** A shuffled copy (Fisher-Yates). */
    shuffle(items) {
      const out = items.slice();
      for (let i = out.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        [out[i], out[j]] = [out[j], out[i]];
      }
      return out;
    },
    /** `n` distinct elements (or all of them, when there are fewer). */
    sample(items, n) {
      return rng.shuffle(items).slice(0, Math.min(n, items.length));
    },
  };
  return rng;
}
