/** Version and build fingerprint of the CLI. */
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createHash } from 'node:crypto';

const here = dirname(fileURLToPath(import.meta.url));

/** Defined (as true) only in the bundle scripts/bundle.mjs builds. */
declare const __RUBRIC_BUNDLE__: boolean | undefined;

/** The CLI's package version. */
export const CLI_VERSION = (JSON.parse(readFileSync(join(here, '..', 'package.json'), 'utf8')) as { version: string }).version;

/**
 * Identifies the code that produced a lint result: the version plus the
 * content of every built file of the CLI and core, so a changed linter never
 * reuses old results while an identical rebuild keeps the cache.
 */
export function buildFingerprint(): string {
  // The bundle's build computed it over the same code and data (scripts/bundle.mjs): one small read.
  if (typeof __RUBRIC_BUNDLE__ !== 'undefined') return readFileSync(join(here, 'bundle', 'fingerprint.txt'), 'utf8').trim();
  const hash = createHash('sha256').update(CLI_VERSION);
  const coreDir = dirname(createRequire(import.meta.url).resolve('@rubric/core'));
  // The JSON Schemas the rules validate with live beside core's dist.
  for (const dir of [here, coreDir, join(coreDir, '..', 'schema')]) addTree(hash, dir, 0);
  return hash.digest('hex').slice(0, 16);
}

function addTree(hash: ReturnType<typeof createHash>, dir: string, depth: number): void {
  if (depth > 4) return;
  for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const p = join(dir, e.name);
    if (e.isDirectory()) addTree(hash, p, depth + 1);
    else if (e.name.endsWith('.js') || e.name.endsWith('.json')) hash.update(`${e.name}\0`).update(readFileSync(p));
  }
}
