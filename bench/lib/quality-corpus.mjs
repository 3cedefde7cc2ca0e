/**
 * The annotations of the quality benchmark: BENCH_ITEMS items (default
 * 100,000) each labeled by BENCH_ANNOTATORS annotators (default 10) under the
 * hate-speech set of guidelines/, as neutral JSON Lines, written to
 * bench/.corpus/quality/ (git-ignored) from a fixed seed (mulberry32) and
 * reused while its stamp matches.
 *
 * Each item has a true answer; annotator i is right with a probability from
 * 0.725 to 0.95 and otherwise picks a sibling or the parent of the true
 * label half the time, any other label else. Hate verdicts bring a `target`
 * set (kept, or one label added, dropped or swapped when wrong), spans over
 * the attacking word and the group word (the end shifted when wrong) and now
 * and then a rationale. The first items are the set's examples (gold items,
 * by example id). Beside the JSONL, `verdict-matrix.bin` holds the verdict
 * answers as a reliability data matrix (annotators × items, int16 label
 * index, -1 missing) for the comparison with the `krippendorff` package.
 */
import { createHash } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRng } from './prng.mjs';

const LIB_DIR = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(LIB_DIR, '..', '..');
export const QUALITY_CORPUS_DIR = join(LIB_DIR, '..', '.corpus', 'quality');
export const SET_DIR = join(ROOT, 'guidelines', 'hate-speech');
const GENERATOR_VERSION = 1;
const SEED = 'rubric-quality-bench';

const WORDS = 'people the we they this street city town school work family online post comment thread really always never again today every some those these neighbours new old local whole'.split(' ');
const ATTACK = 'vermin parasites filth animals criminals inferior invaders disease scum savages'.split(' ');
const GROUPS = 'immigrants muslims jews women gays refugees christians migrants foreigners disabled'.split(' ');

/** The label tree of the set's verdict question, as [id, parentId] pairs, read from its schema. */
function schemaLabels() {
  const schema = JSON.parse(readFileSync(join(SET_DIR, 'schema.json'), 'utf8'));
  const out = {};
  for (const q of schema.questions) {
    const list = [];
    const walk = (options, parent) => {
      for (const o of options ?? []) {
        list.push({ id: o.id, parent });
        walk(o.options, o.id);
      }
    };
    walk(q.options, null);
    out[q.id] = list;
  }
  return { schema, labels: out };
}

/** The gold items: the set's examples as the gold export has them. */
async function goldItems() {
  const { createNodeHost, loadSet } = await import('../../packages/core/dist/index.js');
  const { goldTasks } = await import('../../packages/exporters/dist/index.js');
  return goldTasks(loadSet(SET_DIR, createNodeHost())).neutral;
}

function stampOf(items, annotators) {
  const sources = createHash('sha256').update(readFileSync(fileURLToPath(import.meta.url))).update(readFileSync(join(SET_DIR, 'schema.json'))).update(readFileSync(join(SET_DIR, 'guideline.md'))).digest('hex');
  return { version: GENERATOR_VERSION, seed: SEED, items, annotators, sources };
}

/**
 * Writes the corpus unless a matching one is there; returns its paths and
 * sizes: { file, matrix, items, annotators, records, bytes, labels }.
 */
export async function ensureQualityCorpus({ items = 100_000, annotators = 10, log = () => {} } = {}) {
  const file = join(QUALITY_CORPUS_DIR, 'annotations.jsonl');
  const matrix = join(QUALITY_CORPUS_DIR, 'verdict-matrix.bin');
  const stampFile = join(QUALITY_CORPUS_DIR, 'stamp.json');
  const stamp = stampOf(items, annotators);
  const { labels } = schemaLabels();
  const verdictLabels = labels.verdict.map((l) => l.id);
  if (existsSync(stampFile) && existsSync(file) && existsSync(matrix)) {
    const old = JSON.parse(readFileSync(stampFile, 'utf8'));
    if (JSON.stringify(old.stamp) === JSON.stringify(stamp)) {
      log(`quality corpus: reusing ${file} (${old.records.toLocaleString('en-US')} records, ${(old.bytes / 2 ** 20).toFixed(0)} MB)`);
      return { file, matrix, items, annotators, records: old.records, bytes: old.bytes, labels: verdictLabels };
    }
  }
  rmSync(QUALITY_CORPUS_DIR, { recursive: true, force: true });
  mkdirSync(QUALITY_CORPUS_DIR, { recursive: true });
  const started = performance.now();
  const rng = createRng(SEED);
  const gold = await goldItems();
  const verdict = labels.verdict;
  const parentOf = new Map(verdict.map((l) => [l.id, l.parent]));
  const childrenOf = new Map();
  for (const l of verdict) if (l.parent) childrenOf.set(l.parent, [...(childrenOf.get(l.parent) ?? []), l.id]);
  const leaves = verdict.filter((l) => l.id !== 'none' && !childrenOf.has(l.id)).map((l) => l.id);
  const targets = labels.target.map((l) => l.id);
  const accuracy = Array.from({ length: annotators }, (_, a) => 0.725 + (0.225 * a) / Math.max(1, annotators - 1));
  const names = Array.from({ length: annotators }, (_, a) => `annotator-${String(a + 1).padStart(2, '0')}`);
  const codes = new Int16Array(annotators * items).fill(-1);
  const code = new Map(verdictLabels.map((id, i) => [id, i]));

  const wrongVerdict = (truth) => {
    const parent = parentOf.get(truth);
    const near = [...(parent ? [parent, ...(childrenOf.get(parent) ?? [])] : childrenOf.get(truth) ?? [])].filter((id) => id !== truth);
    if (near.length && rng.chance(0.5)) return rng.pick(near);
    let other = truth;
    while (other === truth) other = rng.pick(verdictLabels);
    return other;
  };
  const fd = openSync(file, 'w');
  let buffer = '';
  let bytes = 0;
  let records = 0;
  const flush = () => {
    writeSync(fd, buffer);
    bytes += Buffer.byteLength(buffer);
    buffer = '';
  };
  for (let i = 0; i < items; i++) {
    const g = gold[i];
    let id;
    let text;
    let truth;
    let truthTargets = [];
    let attack;
    let group;
    if (g && i < gold.length) {
      id = g.item.id;
      text = g.item.text;
      truth = typeof g.answers.verdict === 'string' ? g.answers.verdict : 'none';
      truthTargets = Array.isArray(g.answers.target) ? g.answers.target : [];
    } else {
      id = `t-${String(i + 1).padStart(6, '0')}`;
      const words = Array.from({ length: rng.int(8, 16) }, () => rng.pick(WORDS));
      const hate = rng.chance(0.55);
      truth = hate ? rng.pick(rng.chance(0.9) ? leaves : [...childrenOf.keys()]) : 'none';
      if (hate) {
        truthTargets = rng.sample(targets, rng.chance(0.8) ? 1 : 2);
        words[2] = rng.pick(GROUPS);
        words[5] = rng.pick(ATTACK);
      }
      text = words.join(' ');
      if (hate) {
        const at = (w) => words.slice(0, w).join(' ').length + (w ? 1 : 0);
        group = { start: at(2), end: at(2) + words[2].length };
        attack = { start: at(5), end: at(5) + words[5].length };
      }
    }
    // Each item's annotators in an order of their own, as exports interleave them.
    for (const a of rng.shuffle([...names.keys()])) {
      const right = rng.chance(accuracy[a]);
      const v = right ? truth : wrongVerdict(truth);
      codes[a * items + i] = code.get(v);
      const answers = { verdict: v };
      if (v !== 'none') {
        let t = truthTargets.length ? [...truthTargets] : [rng.pick(targets)];
        if (!rng.chance(accuracy[a])) {
          const r = rng.next();
          if (r < 0.34 && t.length > 1) t = t.slice(1);
          else if (r < 0.67) t = [...new Set([...t, rng.pick(targets)])];
          else t = [rng.pick(targets.filter((x) => !t.includes(x)))];
        }
        answers.target = t;
        if (attack && rng.chance(0.85)) {
          const shift = rng.chance(accuracy[a]) ? 0 : rng.int(-3, 3);
          answers.spans = [{ label: 'span.attack', start: attack.start, end: Math.max(attack.start + 1, attack.end + shift) }];
          if (rng.chance(0.7)) answers.spans.push({ label: 'span.group', start: group.start, end: group.end });
        }
      }
      if (rng.chance(0.1)) answers.rationale = `Reads as ${v} to me.`;
      buffer += `${JSON.stringify({ set: 'hate-speech', version: '2.0.0', item: { id, text }, annotator: names[a], answers })}\n`;
      records++;
      if (buffer.length > 1 << 20) flush();
    }
  }
  flush();
  closeSync(fd);
  writeFileSync(matrix, Buffer.from(codes.buffer));
  writeFileSync(stampFile, `${JSON.stringify({ stamp, records, bytes, generatedIn: (performance.now() - started) / 1000 }, null, 2)}\n`);
  log(`quality corpus: wrote ${records.toLocaleString('en-US')} records (${(bytes / 2 ** 20).toFixed(0)} MB) to ${file} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return { file, matrix, items, annotators, records, bytes, labels: verdictLabels };
}
