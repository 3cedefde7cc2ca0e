/**
 * The bootstrap over units: each resample draws as many units as there are,
 * with replacement (mulberry32 from a seed hashed from the data), and the
 * statistics are computed again on the draw; the 95% interval is the 2.5th
 * and 97.5th percentile of the resamples where the statistic is defined
 * (linear interpolation between order statistics, numpy's default). The
 * replicates are kept (as base64 float32) so a later report can give the
 * interval of a difference between versions.
 */
import type { CodedUnits } from './units.js';

/** Resamples per bootstrap, as the issue fixes it. */
export const BOOTSTRAP_RESAMPLES = 1000;

/**
 * Runs `resamples` resamples of the units of `table`: each draws as many
 * units as there are, uniformly with replacement (mulberry32 from `seed`,
 * unit index = floor(draw * N)). `evaluate` fills `out` (one slot per output,
 * NaN when undefined) from the signature weights of a resample (how many
 * times each signature's units were drawn); the result holds, per output,
 * its value in each resample, in draw order.
 */
export function bootstrap(table: CodedUnits, resamples: number, seed: number, outputs: number, evaluate: (weights: Int32Array, out: Float64Array) => void): Float64Array[] {
  const replicates = Array.from({ length: outputs }, () => new Float64Array(resamples));
  const units = table.unitSignature;
  const N = units.length;
  if (N === 0) {
    for (const r of replicates) r.fill(Number.NaN);
    return replicates;
  }
  const weights = new Int32Array(table.signatures.length);
  const out = new Float64Array(outputs);
  const scale = N / 4294967296;
  // mulberry32 (random.ts) inlined: this loop runs resamples × units times.
  let state = seed >>> 0;
  for (let r = 0; r < resamples; r++) {
    weights.fill(0);
    for (let i = 0; i < N; i++) {
      state = (state + 0x6d2b79f5) | 0;
      let t = Math.imul(state ^ (state >>> 15), state | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      // ((t ^ t >>> 14) >>> 0) / 2^32 * N, floored: below N < 2^31, so `| 0` floors it.
      const unit = units[(((t ^ (t >>> 14)) >>> 0) * scale) | 0] as number;
      weights[unit] = (weights[unit] as number) + 1;
    }
    out.fill(Number.NaN);
    evaluate(weights, out);
    for (let s = 0; s < outputs; s++) replicates[s]![r] = out[s] as number;
  }
  return replicates;
}

/** The percentile interval of replicates (NaN ones left out); null when none is defined. */
export function percentileInterval(replicates: ArrayLike<number>, level = 0.95): { low: number; high: number } | null {
  const defined: number[] = [];
  for (let i = 0; i < replicates.length; i++) {
    const v = replicates[i] as number;
    if (!Number.isNaN(v)) defined.push(v);
  }
  if (defined.length === 0) return null;
  const sorted = Float64Array.from(defined).sort();
  const tail = (1 - level) / 2;
  return { low: quantile(sorted, tail), high: quantile(sorted, 1 - tail) };
}

/** Quantile of sorted numbers with linear interpolation (type 7). */
export function quantile(sorted: ArrayLike<number>, q: number): number {
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(sorted.length - 1, lo + 1);
  const a = sorted[lo] as number;
  const b = sorted[hi] as number;
  return a + (h - lo) * (b - a);
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const DECODE = new Int16Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) DECODE[ALPHABET.charCodeAt(i)] = i;

/** Replicates as base64 of little-endian float32 (NaN for undefined): 1,000 of them in 5,336 characters. */
export function encodeReplicates(values: ArrayLike<number>): string {
  const floats = Float32Array.from({ length: values.length }, (_, i) => values[i] as number);
  const bytes = new Uint8Array(floats.length * 4);
  const view = new DataView(bytes.buffer);
  floats.forEach((f, i) => view.setFloat32(i * 4, f, true));
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const a = bytes[i] as number;
    const b = i + 1 < bytes.length ? (bytes[i + 1] as number) : 0;
    const c = i + 2 < bytes.length ? (bytes[i + 2] as number) : 0;
    out += ALPHABET[a >> 2]! + ALPHABET[((a & 3) << 4) | (b >> 4)]!;
    out += i + 1 < bytes.length ? ALPHABET[((b & 15) << 2) | (c >> 6)]! : '=';
    out += i + 2 < bytes.length ? ALPHABET[c & 63]! : '=';
  }
  return out;
}

/** The replicates encoded by encodeReplicates; undefined when the text is not such an encoding. */
export function decodeReplicates(text: unknown): Float64Array | undefined {
  if (typeof text !== 'string' || text.length % 4 !== 0) return undefined;
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  const length = (text.length / 4) * 3 - padding;
  if (length % 4 !== 0) return undefined;
  const bytes = new Uint8Array(length);
  let at = 0;
  for (let i = 0; i < text.length; i += 4) {
    const q = [0, 1, 2, 3].map((j) => {
      const ch = text.charCodeAt(i + j);
      return ch === 61 ? 0 : ch < 128 ? (DECODE[ch] as number) : -1;
    });
    if (q.some((v) => v < 0)) return undefined;
    const [a, b, c, d] = q as [number, number, number, number];
    const triple = [(a << 2) | (b >> 4), ((b & 15) << 4) | (c >> 2), ((c & 3) << 6) | d];
    for (const byte of triple) if (at < length) bytes[at++] = byte;
  }
  const view = new DataView(bytes.buffer);
  return Float64Array.from({ length: length / 4 }, (_, i) => view.getFloat32(i * 4, true));
}
