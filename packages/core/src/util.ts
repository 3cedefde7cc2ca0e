/** Small helpers shared by parsers and rules. */

/** True for a plain object (not an array or null). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Levenshtein distance, stopping early once it exceeds `max`. */
export function editDistance(a: string, b: string, max = Infinity): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const v = Math.min((prev[j] as number) + 1, (cur[j - 1] as number) + 1, (prev[j - 1] as number) + cost);
      cur.push(v);
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    prev = cur;
  }
  return prev[b.length] as number;
}

/**
 * Candidates close to `word`, best first: small edit distance, or the same last
 * segment of a dotted id (a label moved in the hierarchy).
 */
export function didYouMean(word: string, candidates: Iterable<string>, limit = 3): string[] {
  const max = Math.max(2, Math.floor(word.length / 4));
  const lastSegment = word.slice(word.lastIndexOf('.') + 1);
  const scored: { c: string; d: number }[] = [];
  for (const c of candidates) {
    if (c === word) continue;
    let d = editDistance(word, c, max);
    if (d > max && c.slice(c.lastIndexOf('.') + 1) === lastSegment) d = max;
    if (d <= max) scored.push({ c, d });
  }
  scored.sort((x, y) => x.d - y.d || x.c.localeCompare(y.c));
  return scored.slice(0, limit).map((s) => s.c);
}

/** `a`, `a` or `b`, `a`, `b` or `c`: for messages. */
export function orList(items: readonly string[], quote = true): string {
  const q = items.map((i) => (quote ? `\`${i}\`` : i));
  if (q.length <= 1) return q.join('');
  return `${q.slice(0, -1).join(', ')} or ${q[q.length - 1]}`;
}

/**
 * Orders strings by UTF-16 code units: the same on every machine and locale, and cheap (the first
 * localeCompare of a process sets up ICU's collator, several milliseconds of a short lint run).
 * For ids of lowercase letters, digits and hyphens it agrees with localeCompare.
 */
export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Escapes one JSON pointer segment (RFC 6901). */
export function pointerSegment(segment: string | number): string {
  return String(segment).replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Splits a JSON pointer into segments (RFC 6901). */
export function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** The value at a JSON pointer of a parsed JSON value, or undefined when the path does not exist. */
export function valueAtPointer(root: unknown, pointer: string): unknown {
  let cur = root;
  for (const key of parsePointer(pointer)) {
    if (Array.isArray(cur)) cur = cur[Number(key)];
    else if (isRecord(cur)) cur = cur[key];
    else return undefined;
  }
  return cur;
}

/** The parts of a semantic version (SemVer 2.0.0), or undefined when `version` is not one. */
export function parseSemver(version: string): { core: [string, string, string]; prerelease: string[] } | undefined {
  const m = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+[0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*)?$/.exec(version.trim());
  if (!m) return undefined;
  return { core: [m[1] as string, m[2] as string, m[3] as string], prerelease: m[4] === undefined ? [] : m[4].split('.') };
}

/**
 * Compares two semantic versions by SemVer precedence: negative when `a` is older,
 * positive when newer, 0 when equal (build metadata is ignored; `1.0.0-rc.1` is
 * older than `1.0.0`). Undefined when either is not a semantic version.
 */
export function compareSemver(a: string, b: string): number | undefined {
  const pa = parseSemver(a);
  const pb = parseSemver(b);
  if (!pa || !pb) return undefined;
  // Numeric identifiers have no leading zeros, so length then text orders them without overflow.
  const numeric = (x: string, y: string): number => (x.length !== y.length ? x.length - y.length : x < y ? -1 : x > y ? 1 : 0);
  for (let i = 0; i < 3; i++) {
    const d = numeric(pa.core[i] as string, pb.core[i] as string);
    if (d !== 0) return Math.sign(d);
  }
  // A version without pre-release is newer than the same version with one.
  if (pa.prerelease.length === 0 || pb.prerelease.length === 0) return Math.sign(pb.prerelease.length - pa.prerelease.length);
  const n = Math.min(pa.prerelease.length, pb.prerelease.length);
  for (let i = 0; i < n; i++) {
    const x = pa.prerelease[i] as string;
    const y = pb.prerelease[i] as string;
    const xNum = /^\d+$/.test(x);
    const yNum = /^\d+$/.test(y);
    if (xNum && yNum) {
      const d = numeric(x, y);
      if (d !== 0) return Math.sign(d);
    } else if (xNum !== yNum) return xNum ? -1 : 1;
    else if (x !== y) return x < y ? -1 : 1;
  }
  return Math.sign(pa.prerelease.length - pb.prerelease.length);
}
