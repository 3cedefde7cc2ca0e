/** The version bump between two semantic versions, and bump levels ordered. */
import { parseSemver } from '../util.js';

/** How much a version moved: the level of the highest part that grew. */
export type BumpLevel = 'major' | 'minor' | 'patch';
/** A bump level, or no bump at all. */
export type Bump = BumpLevel | 'none';

const ORDER: Record<Bump, number> = { none: 0, patch: 1, minor: 2, major: 3 };

/** Compares bump levels: negative when a < b. */
export function compareBump(a: Bump, b: Bump): number {
  return ORDER[a] - ORDER[b];
}

/** The larger of two bumps. */
export function maxBump(a: Bump, b: Bump): Bump {
  return compareBump(a, b) >= 0 ? a : b;
}

/** Parsed major, minor, patch of a semver string; undefined when it is not one. */
export function parseVersion(version: string | undefined): [number, number, number] | undefined {
  const parsed = version === undefined || version.trim() !== version ? undefined : parseSemver(version);
  return parsed ? [Number(parsed.core[0]), Number(parsed.core[1]), Number(parsed.core[2])] : undefined;
}

/**
 * The bump declared by going from `before` to `after`: 'backwards' when the
 * version went down, 'invalid' when either is not a semver. In 0.x versions a
 * minor bump counts as major (semver: anything may change before 1.0.0).
 */
export function declaredBump(before: string | undefined, after: string | undefined): Bump | 'backwards' | 'invalid' {
  const a = parseVersion(before);
  const b = parseVersion(after);
  if (!a || !b) return 'invalid';
  for (let i = 0; i < 3; i++) {
    if ((b[i] as number) > (a[i] as number)) {
      if (i === 0) return 'major';
      if (i === 1) return a[0] === 0 ? 'major' : 'minor';
      return 'patch';
    }
    if ((b[i] as number) < (a[i] as number)) return 'backwards';
  }
  return 'none';
}
