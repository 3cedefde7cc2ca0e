/**
 * Checks the generated corpus against docs/format.md on its own, independent
 * of which lint rules exist today, so a finding of `rubric lint` on the corpus
 * can be told apart from a generator mistake. It parses every set with
 * @rubric/core (the same parser the linter uses), runs today's built-in rules,
 * and checks what later rules are expected to check: example answers valid
 * against the schema (`when` included), example kinds, coverage of every leaf
 * by a positive and a negative-or-borderline example, label sections, heading
 * links, unique example ids, frontmatter/schema/changelog versions.
 *
 * Needs the build (`npx turbo run build`). Usage, from bench/:
 *   node lib/verify-corpus.mjs            # the corpus in bench/.corpus
 * Prints problems per set; deliberate mistakes listed in the stamp are
 * expected and shown separately.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createNodeHost, loadSet, lintSet, resolveConfig, rules } from '@rubric/core';
import { CORPUS_DIR, STAMP_FILE } from './corpus.mjs';

const dir = process.argv[2] ?? CORPUS_DIR;
const stamp = JSON.parse(readFileSync(join(dir, STAMP_FILE), 'utf8'));
const deliberateBySet = new Map();
for (const [kind, ids] of Object.entries(stamp.deliberate)) for (const id of ids) deliberateBySet.set(id, [...(deliberateBySet.get(id) ?? []), kind]);

const repoConfig = JSON.parse(readFileSync(new URL('../../rubric.config.json', import.meta.url), 'utf8'));
const { config } = resolveConfig(repoConfig, rules);
const host = createNodeHost();

let clean = 0;
let unexpected = 0;
const findingsByRule = new Map();
for (const name of readdirSync(dir).sort()) {
  const setDir = join(dir, name);
  if (!existsSync(join(setDir, 'guideline.md'))) continue;
  const set = loadSet(setDir, host);
  const problems = [...checkSet(set)];
  for (const f of lintSet(set, rules, config, host)) {
    findingsByRule.set(f.ruleId, (findingsByRule.get(f.ruleId) ?? 0) + 1);
    problems.push(`lint ${f.ruleId} ${f.range.start.line}:${f.range.start.column} ${f.message}`);
  }
  const expected = deliberateBySet.get(name);
  if (problems.length === 0 && !expected) clean++;
  else if (expected) console.log(`${name} [deliberate: ${expected.join(', ')}]\n  ${problems.join('\n  ')}`);
  else {
    unexpected++;
    console.log(`${name} UNEXPECTED\n  ${problems.join('\n  ')}`);
  }
}
console.log(`\n${clean} clean sets, ${deliberateBySet.size} with deliberate mistakes, ${unexpected} with unexpected problems`);
console.log('lint findings by rule:', Object.fromEntries(findingsByRule));
process.exitCode = unexpected ? 1 : 0;

/** Yields a message per problem found in a loaded set. */
function* checkSet(set) {
  const doc = set.guideline;
  const schema = set.schema;
  if (!doc || !schema) return yield 'missing guideline or schema';
  const fm = doc.frontmatter?.data ?? {};
  if (doc.frontmatter?.errors.length) yield `frontmatter YAML: ${doc.frontmatter.errors[0].message}`;
  for (const key of ['id', 'title', 'version', 'status', 'schema', 'owners']) if (fm[key] === undefined) yield `frontmatter lacks ${key}`;
  if (fm.id !== schema.id) yield `frontmatter id ${fm.id} != schema id ${schema.id}`;
  if (fm.version !== schema.version) yield `frontmatter version ${fm.version} != schema version ${schema.version}`;
  if (!doc.changelog) yield 'no changelog';
  else if (doc.changelog.entries[0]?.version !== fm.version) yield `newest changelog entry ${doc.changelog.entries[0]?.version} != version ${fm.version}`;
  for (const required of ['Scope', 'Changelog']) if (!doc.headings.some((h) => h.depth === 2 && h.text === required)) yield `no ## ${required}`;

  // Label sections: one per label, no section for an unknown label.
  const sectionIds = new Set(doc.sections.map((s) => s.labelId));
  for (const label of schema.labels) if (!sectionIds.has(label.id)) yield `no section for ${label.id}`;
  for (const s of doc.sections) if (!schema.labelsById.has(s.labelId)) yield `section for unknown label ${s.labelId}`;
  for (const ref of doc.labelCodes) if (ref.value.includes('.') && !schema.labelsById.has(ref.value)) yield `unknown reference ${ref.value} at ${ref.range.start.line}`;

  // Links: anchors exist, relative files exist.
  const slugs = new Set(doc.headings.map((h) => h.slug));
  for (const link of doc.links) {
    if (link.url.startsWith('#')) {
      if (!slugs.has(link.url.slice(1))) yield `broken anchor ${link.url} at ${link.range.start.line}`;
    } else if (!/^[a-z]+:/.test(link.url) && !existsSync(join(set.dir, link.url.split('#')[0]))) yield `broken link ${link.url}`;
  }

  // Examples.
  const below = (id, ancestor) => {
    for (let cur = schema.labelsById.get(id); cur; cur = cur.parentId ? schema.labelsById.get(cur.parentId) : undefined) if (cur.id === ancestor) return true;
    return false;
  };
  const positives = new Map();
  const negatives = new Map();
  const bump = (m, id) => m.set(id, (m.get(id) ?? 0) + 1);
  const ids = new Set();
  for (const ex of doc.examples) {
    const at = `example at line ${ex.range.start.line}`;
    if (ex.errors.length) {
      yield `${at}: YAML ${ex.errors[0].message}`;
      continue;
    }
    for (const key of ['text', 'answers', 'why']) if (ex.data?.[key] === undefined) yield `${at}: lacks ${key}`;
    if (ex.id) {
      if (ids.has(ex.id)) yield `${at}: duplicate id ${ex.id}`;
      ids.add(ex.id);
    }
    const answers = new Map(ex.answers.map((a) => [a.questionId, a]));
    for (const a of ex.answers) {
      const q = schema.questionsById.get(a.questionId);
      if (!q) {
        yield `${at}: unknown question ${a.questionId}`;
        continue;
      }
      if (q.type === 'single' && (a.isList || a.values.length !== 1)) yield `${at}: ${q.id} needs one label`;
      if (q.type === 'multi' && !a.isList) yield `${at}: ${q.id} needs a list`;
      if (['single', 'multi'].includes(q.type)) for (const v of a.values) if (!q.labelIds.includes(v.value)) yield `${at}: ${v.value} is not a label of ${q.id}`;
      if (q.type === 'rating' && !(Number.isInteger(a.raw) && a.raw >= (q.min ?? 1) && a.raw <= (q.max ?? 5))) yield `${at}: rating ${a.raw} out of range`;
    }
    for (const q of schema.questions) {
      let shown = true;
      if (q.when) {
        const given = answers.get(q.when.questionId)?.values.map((v) => v.value) ?? [];
        shown = given.some((v) => q.when.answers.some((w) => below(v, w)));
      }
      if (!shown && answers.has(q.id)) yield `${at}: answers ${q.id}, which \`when\` hides`;
      if (shown && q.required && !answers.has(q.id)) yield `${at}: required ${q.id} not answered`;
    }
    const named = ex.answers.flatMap((a) => a.values.map((v) => v.value)).filter((v) => schema.labelsById.has(v));
    const section = ex.sectionLabelId;
    const namesSection = section !== undefined && named.some((v) => below(v, section));
    const kind = ex.kind ?? (namesSection ? 'positive' : 'negative');
    if (ex.kind === 'positive' && !namesSection) yield `${at}: positive but does not name ${section}`;
    if (ex.kind === 'negative' && namesSection) yield `${at}: negative but names ${section}`;
    if (kind === 'positive') for (const v of named) bump(positives, v);
    else if (section) bump(negatives, section);
  }
  for (const label of schema.labels) {
    if (label.childIds.length) continue;
    if (!positives.get(label.id)) yield `leaf ${label.id} has no positive example`;
    if (!negatives.get(label.id)) yield `leaf ${label.id} has no negative or borderline example`;
  }
}
