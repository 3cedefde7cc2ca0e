/**
 * Reproducible randomness for the bootstrap: a seed hashed from the data
 * (FNV-1a, 32 bits) and mulberry32 drawing from it, so the same annotations
 * give the same interval on every machine and in every run.
 */

/** FNV-1a offset basis: the hash of nothing. */
export const FNV_OFFSET = 0x811c9dc5;

/** Folds `text` into a running 32-bit FNV-1a hash (start with FNV_OFFSET). */
export function fnv1a(text: string, hash = FNV_OFFSET): number {
  let h = hash;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** mulberry32: a small, fast generator with a 32-bit state; each call gives a float in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
