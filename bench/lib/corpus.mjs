/**
 * The benchmark corpus: N generated guideline sets under bench/.corpus/, one
 * folder per set. Written only when the stamp file (bench/.corpus/stamp.json)
 * does not match this generator version, seed and set count, so re-runs skip
 * generation. Set i depends only on (seed, i), so a 50-set corpus is the first
 * 50 sets of the 1000-set one.
 *
 * Run directly to (re)generate and print the stats:
 *   node lib/corpus.mjs [sets]
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_SHAPE, DELIBERATE, generateSet } from './generate-set.mjs';

/** Bump whenever the generator's output changes, so stale corpora are rebuilt. */
export const GENERATOR_VERSION = 2;
/** Hash of the generator's source files: editing the generator also invalidates the corpus. */
export const GENERATOR_HASH = (() => {
  const h = createHash('sha256');
  for (const f of ['generate-set.mjs', 'vocabulary.mjs', 'prng.mjs']) h.update(readFileSync(new URL(f, import.meta.url)));
  return h.digest('hex').slice(0, 16);
})();
/** The fixed seed of the corpus. */
export const SEED = 'rubric-lint-bench-2026';
export const STAMP_FILE = 'stamp.json';

/** Default corpus folder: bench/.corpus (sets of the default shape). */
export const CORPUS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..', '.corpus');

/** Folder of a corpus of another shape or size, beside the default one: bench/.corpus-<shape>-<sets>. */
export function corpusDir(shape, sets) {
  return resolve(dirname(fileURLToPath(import.meta.url)), '..', `.corpus-${shape}-${sets}`);
}

/**
 * Makes sure `dir` holds exactly the `sets`-set corpus of `shape`. Returns the stamp:
 * { generatorVersion, generatorHash, seed, shape, sets, files, markdownLines, markdownBytes, totalBytes, labels, examples, setIds, deliberate, generated }.
 */
export function ensureCorpus({ dir = CORPUS_DIR, sets, seed = SEED, shape = DEFAULT_SHAPE, log = () => {} }) {
  const stampPath = join(dir, STAMP_FILE);
  if (existsSync(stampPath)) {
    try {
      const stamp = JSON.parse(readFileSync(stampPath, 'utf8'));
      if (stamp.generatorVersion === GENERATOR_VERSION && stamp.generatorHash === GENERATOR_HASH && stamp.seed === seed && stamp.sets === sets && stamp.shape === shape) {
        return { ...stamp, generated: false };
      }
    } catch {
      // A broken stamp means a broken corpus: regenerate.
    }
  }
  log(`generating ${sets} guideline sets of the ${shape} shape in ${dir} (generator v${GENERATOR_VERSION} ${GENERATOR_HASH}, seed ${seed})`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const stats = { markdownLines: 0, markdownBytes: 0, totalBytes: 0, labels: 0, leaves: 0, examples: 0 };
  const setIds = [];
  const deliberate = Object.fromEntries(Object.keys(DELIBERATE).map((k) => [k, []]));
  for (let i = 0; i < sets; i++) {
    const set = generateSet(i, seed, shape);
    setIds.push(set.id);
    const setDir = join(dir, set.id);
    mkdirSync(setDir);
    writeFileSync(join(setDir, 'guideline.md'), set.guideline);
    writeFileSync(join(setDir, 'schema.json'), set.schema);
    const mdBytes = Buffer.byteLength(set.guideline);
    stats.markdownLines += set.guideline.split('\n').length - 1;
    stats.markdownBytes += mdBytes;
    stats.totalBytes += mdBytes + Buffer.byteLength(set.schema);
    stats.labels += set.labels;
    stats.leaves += set.leaves;
    stats.examples += set.examples;
    for (const kind of set.deliberate) deliberate[kind].push(set.id);
  }
  const stamp = {
    generatorVersion: GENERATOR_VERSION,
    generatorHash: GENERATOR_HASH,
    seed,
    shape,
    sets,
    files: sets * 2,
    ...stats,
    setIds,
    deliberate,
    deliberateExpect: Object.fromEntries(Object.entries(DELIBERATE).map(([k, v]) => [k, v.expect])),
  };
  // Written last: an interrupted generation leaves no stamp and is redone next time.
  writeFileSync(stampPath, `${JSON.stringify(stamp, null, 2)}\n`);
  return { ...stamp, generated: true };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const sets = Number(process.argv[2] ?? process.env.BENCH_SETS ?? 300);
  const shape = process.argv[3] ?? DEFAULT_SHAPE;
  const t0 = performance.now();
  const stamp = ensureCorpus({ sets, shape, ...(shape === DEFAULT_SHAPE ? {} : { dir: corpusDir(shape, sets) }), log: console.log });
  const { deliberate, deliberateExpect, setIds, ...rest } = stamp;
  console.log(rest);
  console.log('deliberate mistakes:', Object.fromEntries(Object.entries(deliberate).map(([k, v]) => [k, v.length])));
  console.log(`${((performance.now() - t0) / 1000).toFixed(1)} s`);
}
