import { describe, expect, it } from 'vitest';
import { compareSemver, parseSemver } from '../src/util.js';

describe('compareSemver', () => {
  it('orders by major, minor and patch numerically', () => {
    expect(compareSemver('1.0.0', '1.0.0')).toBe(0);
    expect(compareSemver('1.2.0', '1.10.0')).toBe(-1);
    expect(compareSemver('2.0.0', '1.99.99')).toBe(1);
    expect(compareSemver('1.0.10', '1.0.9')).toBe(1);
    expect(compareSemver('99999999999999999999.0.0', '99999999999999999998.0.0')).toBe(1);
  });

  it('puts pre-releases before their release, in SemVer precedence', () => {
    const ordered = ['1.0.0-alpha', '1.0.0-alpha.1', '1.0.0-alpha.beta', '1.0.0-beta', '1.0.0-beta.2', '1.0.0-beta.11', '1.0.0-rc.1', '1.0.0'];
    for (let i = 0; i + 1 < ordered.length; i++) {
      expect(compareSemver(ordered[i] as string, ordered[i + 1] as string), `${ordered[i]} < ${ordered[i + 1]}`).toBe(-1);
      expect(compareSemver(ordered[i + 1] as string, ordered[i] as string)).toBe(1);
    }
    expect(compareSemver('1.0.0-rc.1', '0.9.0')).toBe(1);
  });

  it('ignores build metadata', () => {
    expect(compareSemver('1.0.0+build.1', '1.0.0+build.2')).toBe(0);
    expect(compareSemver('1.0.0-rc.1+x', '1.0.0-rc.1')).toBe(0);
  });

  it('is undefined for anything that is not a semantic version', () => {
    expect(compareSemver('1.0', '1.0.0')).toBeUndefined();
    expect(compareSemver('1.0.0', 'v1.0.0')).toBeUndefined();
    expect(compareSemver('01.0.0', '1.0.0')).toBeUndefined();
    expect(parseSemver('')).toBeUndefined();
    expect(parseSemver('1.2.3-rc.1+b')).toEqual({ core: ['1', '2', '3'], prerelease: ['rc', '1'] });
  });
});
