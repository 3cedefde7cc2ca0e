/**
 * Generates one synthetic guideline set (guideline.md + schema.json) from a
 * seeded PRNG. The set follows docs/format.md the way a real policy team would
 * write it: frontmatter, Scope, decision rules that reference labels, a 2-3
 * level verdict label tree, a multi `target` question gated by `when`, a text
 * rationale (sometimes a rating), one section per label with definitions,
 * lists, the odd table, links to headings, positive and negative examples for
 * every leaf whose answers are valid against the schema, and a Changelog whose
 * newest entry is the frontmatter version.
 *
 * A few sets carry deliberate mistakes (see DELIBERATE) so the linters have
 * something to find, like in a real repository; the set's `deliberate` list
 * names them.
 */
import { createRng } from './prng.mjs';
import {
  CHANGELOG_ITEMS,
  DEFINITION_SENTENCES,
  EXAMPLE_CLOSERS,
  EXAMPLE_OPENERS,
  EXAMPLE_TEXTS,
  MEDIA,
  NON_SIGNALS,
  OUT_OF_SCOPE_ITEMS,
  OWNERS,
  QUALIFIERS,
  RATIONALES,
  RELATION_SENTENCES,
  SCOPE_ITEMS,
  SCOPE_SENTENCES,
  SIGNALS,
  TARGET_GROUPS,
  TARGET_QUESTION_IDS,
  THEMES,
  THINGS,
  WHY_BORDERLINE,
  WHY_NEGATIVE,
  WHY_POSITIVE,
} from './vocabulary.mjs';

/** Probability per set of each deliberate mistake, and what a linter should say about it. */
export const DELIBERATE = {
  'misspelled-reference': { p: 0.02, expect: 'label-reference-known: unknown label with a did-you-mean' },
  'unknown-frontmatter-key': { p: 0.01, expect: 'frontmatter-valid: `onwers` unexpected, `owners` missing' },
  'broken-anchor': { p: 0.01, expect: 'a link to a heading that does not exist' },
  'hidden-question-answered': { p: 0.01, expect: 'an example answers `target` although `when` hides it' },
};

/**
 * Shapes of a set's label tree. With a positive and a negative (or borderline)
 * example for every leaf (about 9 lines each):
 * - `real` (the default): 40-80 labels in 2-3 levels, about 1,250 lines, like
 *   the sets of guidelines/ and the sets teams have (see
 *   /work/shared/notes/perf-baselines.md: "Sizes that real teams have");
 * - `small`: about 22 labels and 465 lines, the corpus of earlier benches
 *   (it flatters per-set costs that grow with labels);
 * - `large`: about 200 labels, for the growth curve.
 */
export const SHAPES = {
  small: { fourthCategory: 0.15, qualifiers: [2, 3], thirdLevel: 0.12, thirdTargetGroup: 0.3, targetLeaves: [2, 3] },
  real: { categories: [5, 6], qualifiers: [3, 5], thirdLevel: 0.4, targetGroups: [2, 3], targetLeaves: [2, 4] },
  large: { categories: [6, 7], qualifiers: [13, 16], thirdLevel: 0.6, targetGroups: [3, 4], targetLeaves: [3, 5] },
};
/** The shape of the default corpus. */
export const DEFAULT_SHAPE = 'real';

const SEVERITIES = ['low', 'medium', 'high', 'critical'];

/** GitHub's heading slug for the ASCII headings this generator writes (matches github-slugger). */
export function slug(text) {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9 _-]/g, '')
    .replace(/ /g, '-');
}

const fill = (template, slots) => template.replace(/\{(\w+)\}/g, (_, k) => (slots[k] === undefined ? `{${k}}` : slots[k]));
const code = (id) => `\`${id}\``;
const lowerFirst = (s) => s.charAt(0).toLowerCase() + s.slice(1);

/**
 * Builds set number `index` (0-based) of the corpus seeded with `seed`.
 * Returns { id, guideline, schema, labels, examples, deliberate }.
 */
export function generateSet(index, seed, shapeName = DEFAULT_SHAPE) {
  const SHAPE = SHAPES[shapeName];
  if (!SHAPE) throw new Error(`unknown shape ${shapeName}, expected ${Object.keys(SHAPES).join(', ')}`);
  // The small shape keeps the seed of the earlier corpus, so its sets are the sets benches measured before.
  const rng = createRng(shapeName === 'small' ? `${seed}:${index}` : `${seed}:${shapeName}:${index}`);
  const theme = THEMES[index % THEMES.length];
  const setId = `${theme.id}-${String(index + 1).padStart(4, '0')}`;
  const deliberate = Object.keys(DELIBERATE).filter((kind) => rng.chance(DELIBERATE[kind].p));

  // ---- The label tree --------------------------------------------------------
  /** label: { id, title, desc, question, parent, children, depth, severity } */
  const labels = new Map();
  const add = (label) => {
    if (labels.has(label.id)) throw new Error(`duplicate label ${label.id} in ${setId}`);
    labels.set(label.id, { children: [], ...label });
    if (label.parent) labels.get(label.parent).children.push(label.id);
    return labels.get(label.id);
  };

  add({ id: 'none', title: 'No violation', desc: `is not ${theme.noun} under any of the labels below`, question: 'verdict', depth: 1, severity: 'none' });
  const categoryCount = SHAPE.fourthCategory !== undefined ? (rng.chance(SHAPE.fourthCategory) ? 4 : 3) : rng.int(...SHAPE.categories);
  const categories = rng.sample(theme.categories, Math.min(categoryCount, theme.categories.length));
  for (const [catSeg, catTitle, catDesc] of categories) {
    const cat = add({ id: `${theme.prefix}.${catSeg}`, title: catTitle, desc: catDesc, question: 'verdict', depth: 1, severity: rng.pick(SEVERITIES) });
    for (const [qSeg, qTitle, qDesc] of rng.sample(QUALIFIERS, rng.int(...SHAPE.qualifiers))) {
      const child = add({
        id: `${cat.id}.${qSeg}`,
        title: `${qTitle} ${lowerFirst(catTitle)}`,
        desc: `${catDesc} and ${qDesc}`,
        qual: qDesc,
        question: 'verdict',
        parent: cat.id,
        depth: 2,
        severity: rng.pick(SEVERITIES),
      });
      if (rng.chance(SHAPE.thirdLevel)) {
        for (const [mSeg, mTitle, mDesc] of rng.sample(MEDIA, 2)) {
          add({
            id: `${child.id}.${mSeg}`,
            title: `${child.title} ${mTitle}`,
            desc: `${catDesc}, and ${qDesc}, and ${mDesc}`,
            qual: mDesc,
            question: 'verdict',
            parent: child.id,
            depth: 3,
            severity: child.severity,
          });
        }
      }
    }
  }

  const targetQ = rng.pick(TARGET_QUESTION_IDS);
  const groupCount = SHAPE.thirdTargetGroup !== undefined ? (rng.chance(SHAPE.thirdTargetGroup) ? 3 : 2) : rng.int(...SHAPE.targetGroups);
  for (const group of rng.sample(TARGET_GROUPS, groupCount)) {
    const g = add({ id: `${targetQ}.${group.id}`, title: group.title, desc: `is aimed at ${group.desc}`, question: targetQ, depth: 1 });
    for (const [leafSeg, leafTitle] of rng.sample(group.leaves, rng.int(...SHAPE.targetLeaves))) {
      add({ id: `${g.id}.${leafSeg}`, title: leafTitle, desc: `names or clearly points at a target of the kind ${lowerFirst(leafTitle)}`, question: targetQ, parent: g.id, depth: 2 });
    }
  }

  const all = [...labels.values()];
  const isLeaf = (l) => l.children.length === 0;
  const verdictLabels = all.filter((l) => l.question === 'verdict');
  const verdictLeaves = verdictLabels.filter((l) => isLeaf(l) && l.id !== 'none');
  const targetLabels = all.filter((l) => l.question === targetQ);
  const targetLeaves = targetLabels.filter(isLeaf);
  const categoryOf = (l) => {
    let cur = l;
    while (cur.parent) cur = labels.get(cur.parent);
    return cur;
  };
  const siblingsOf = (l) => (l.parent ? labels.get(l.parent).children : verdictLabels.filter((x) => x.depth === 1).map((x) => x.id)).filter((id) => id !== l.id);

  // `when`: the target question is asked for most categories; a third of the sets leave one out.
  const catIds = categories.map(([seg]) => `${theme.prefix}.${seg}`);
  const whenCats = rng.chance(0.3) ? catIds.slice(0, -1) : catIds;
  const asksTarget = (verdictId) => whenCats.includes(categoryOf(labels.get(verdictId)).id);
  const hasRating = rng.chance(0.25);
  const ratingMax = rng.pick([3, 4, 5]);

  // ---- schema.json ---------------------------------------------------------------
  const option = (l) => {
    const o = { id: l.id, title: l.title };
    if (l.severity) o.severity = l.severity;
    if (l.renamedFrom) o.renamedFrom = l.renamedFrom;
    if (l.children.length) o.options = l.children.map((id) => option(labels.get(id)));
    return o;
  };
  // One set in seven renamed a leaf at some point.
  const renamed = rng.chance(0.15) ? rng.pick(verdictLeaves) : undefined;
  if (renamed) renamed.renamedFrom = `${renamed.id}-old`;
  const questions = [
    {
      id: 'verdict',
      type: 'single',
      prompt: `Is the content ${theme.noun}? Pick the most specific label.`,
      required: true,
      options: verdictLabels.filter((l) => l.depth === 1).map(option),
    },
    {
      id: targetQ,
      type: 'multi',
      prompt: 'Who or what is the content aimed at? Pick every target that applies.',
      required: true,
      when: { question: 'verdict', answers: whenCats },
      options: targetLabels.filter((l) => l.depth === 1).map(option),
    },
    { id: 'rationale', type: 'text', prompt: 'Why? One sentence is enough.', required: false },
  ];
  if (hasRating) questions.push({ id: 'confidence', type: 'rating', prompt: 'How sure are you?', required: false, min: 1, max: ratingMax });
  const version = `${rng.int(1, 3)}.${rng.int(0, 6)}.${rng.int(0, 3)}`;
  const schema = { id: setId, version, title: theme.title, questions };

  // ---- Prose helpers ---------------------------------------------------------------
  const headingText = (l) => `${code(l.id)} ${l.title}`;
  const anchor = (l) => `#${slug(`${l.id} ${l.title}`)}`;
  const link = (l) => `[${l.title}](${anchor(l)})`;
  const slotsFor = (l) => ({ id: code(l.id), title: l.title, lower: lowerFirst(l.title), does: l.desc, qual: l.qual ?? l.desc, noun: theme.noun });
  const sentences = (pool, n, slots) => rng.sample(pool, n).map((s) => fill(s, slots)).join(' ');
  const thing = () => rng.pick(THINGS);

  // ---- Examples ---------------------------------------------------------------
  let exampleCount = 0;
  const examples = [];
  /** answers: [[questionId, value]] where value is a string, a number or an array of strings. */
  const renderExample = ({ kind, explicitKind, text, answers, why, owner }) => {
    exampleCount++;
    const lines = ['```example'];
    if (rng.chance(0.45)) lines.push(`id: ${owner.id.replace(/\./g, '-')}-${exampleCount}`);
    if (explicitKind) lines.push(`kind: ${kind}`);
    if (rng.chance(0.12)) {
      lines.push('text: |');
      const words = text.split(' ');
      const cut = Math.max(1, Math.floor(words.length / 2));
      lines.push(`  ${words.slice(0, cut).join(' ')}`, `  ${words.slice(cut).join(' ')}`);
    } else {
      lines.push(`text: "${text}"`);
    }
    lines.push('answers:');
    for (const [q, v] of answers) {
      if (Array.isArray(v)) {
        if (v.length > 1 && rng.chance(0.3)) {
          lines.push(`  ${q}:`);
          for (const item of v) lines.push(`    - ${item}`);
        } else lines.push(`  ${q}: [${v.join(', ')}]`);
      } else lines.push(`  ${q}: ${v}`);
    }
    lines.push(`why: ${why}`);
    lines.push('```');
    examples.push({ kind, section: owner.id, answers });
    return lines.join('\n');
  };

  // Positive examples cycle through the target leaves so each is named by at least one of them.
  let targetCursor = rng.int(0, targetLeaves.length - 1);
  const nextTargets = () => {
    const n = rng.chance(0.25) ? 2 : 1;
    const out = [];
    for (let i = 0; i < n; i++) out.push(targetLeaves[targetCursor++ % targetLeaves.length].id);
    return [...new Set(out)];
  };
  const answerSet = (verdictId, targets) => {
    const a = [['verdict', verdictId]];
    if (asksTarget(verdictId)) a.push([targetQ, targets ?? nextTargets()]);
    else if (targets) throw new Error('targets for a verdict that hides them');
    if (rng.chance(0.2)) a.push(['rationale', rng.pick(RATIONALES)]);
    if (hasRating && rng.chance(0.3)) a.push(['confidence', rng.int(1, ratingMax)]);
    return a;
  };
  // Every example text is unique within the set: two examples with one text must agree on their answers.
  const usedTexts = new Set();
  const exampleText = () => {
    for (;;) {
      const opener = rng.pick(EXAMPLE_OPENERS);
      let body = fill(rng.pick(EXAMPLE_TEXTS), { thing: thing() });
      if (opener.endsWith(',') && !/^I\b/.test(body)) body = lowerFirst(body);
      const text = [opener, body, rng.pick(EXAMPLE_CLOSERS)].filter(Boolean).join(' ');
      if (!usedTexts.has(text)) {
        usedTexts.add(text);
        return text;
      }
    }
  };
  const targetedLeaves = verdictLeaves.filter((l) => asksTarget(l.id));

  const positiveFor = (l) =>
    renderExample({
      kind: 'positive',
      explicitKind: rng.chance(0.4),
      text: exampleText(),
      answers: answerSet(l.id),
      why: fill(rng.pick(WHY_POSITIVE), { does: l.desc }),
      owner: l,
    });
  const negativeFor = (l) => {
    const borderline = rng.chance(0.2);
    // Answer with a sibling leaf, or with `none`; never with the section's label or one below it.
    const pool = verdictLeaves.filter((x) => !x.id.startsWith(`${l.id}.`) && x.id !== l.id && x.parent === l.parent);
    const other = pool.length && rng.chance(0.5) ? rng.pick(pool).id : 'none';
    return renderExample({
      kind: borderline ? 'borderline' : 'negative',
      explicitKind: true,
      text: exampleText(),
      answers: answerSet(other),
      why: rng.pick(borderline ? WHY_BORDERLINE : WHY_NEGATIVE),
      owner: l,
    });
  };

  // ---- guideline.md -------------------------------------------------------------
  const out = [];
  const para = (text) => out.push(text, '');
  const list = (items, ordered = false) => {
    items.forEach((item, i) => out.push(`${ordered ? `${i + 1}.` : '-'} ${item}`));
    out.push('');
  };
  const heading = (depth, text) => out.push(`${'#'.repeat(depth)} ${text}`, '');

  // Frontmatter.
  const owners = rng.sample(OWNERS, rng.int(1, 3));
  const history = versionHistory(rng, version, rng.int(3, 6));
  out.push('---', `id: ${setId}`, `title: ${theme.title}`, `version: ${version}`, `status: ${rng.pick(['approved', 'approved', 'approved', 'review', 'draft'])}`, 'schema: schema.json');
  const ownersKey = deliberate.includes('unknown-frontmatter-key') ? 'onwers' : 'owners';
  if (rng.chance(0.5)) out.push(`${ownersKey}: [${owners.join(', ')}]`);
  else out.push(`${ownersKey}:`, ...owners.map((o) => `  - ${o}`));
  if (rng.chance(0.6)) out.push(`effective: ${history[0].date}`);
  if (rng.chance(0.4)) out.push('locale: en');
  out.push('---', '');

  heading(1, theme.title);
  para(
    `This guideline defines ${theme.noun} for the ${theme.title.toLowerCase()} queue. It is the single source of truth for labelers, reviewers and the people who train the classifiers; the labeling tool reads its questions and labels from [the schema](schema.json), and every example below is a gold task in the qualification test.`,
  );

  heading(2, 'Scope');
  para(sentences(SCOPE_SENTENCES, 3, { noun: theme.noun, title: theme.title }));
  para('This guideline covers:');
  list(rng.sample(SCOPE_ITEMS, rng.int(3, 5)));
  para('It does not cover:');
  list(rng.sample(OUT_OF_SCOPE_ITEMS, rng.int(2, 3)));

  heading(2, 'Decision rules');
  para(
    `Answer ${code('verdict')} first, then ${code(targetQ)} when the tool shows it, then the optional ${code('rationale')}. Work through the rules in order and stop at the first one that applies; the [label definitions](#labels) decide the hard cases.`,
  );
  const topCats = verdictLabels.filter((l) => l.depth === 1 && l.id !== 'none');
  const rules = [
    `If the content is not ${theme.noun} under any definition below, choose ${code('none')} and stop. Do not answer ${code(targetQ)}.`,
    ...topCats.map((c, i) => {
      const kids = c.children.map((id) => code(id));
      // The deliberate mistakes, when this set has them, go into the last category's rule.
      const last = i === topCats.length - 1;
      if (last && deliberate.includes('misspelled-reference')) kids[kids.length - 1] = code(misspell(rng, c.children[c.children.length - 1], labels));
      const target = last && deliberate.includes('broken-anchor') ? `${anchor(c)}s` : anchor(c);
      return `If the content ${c.desc}, choose the most specific label under ${code(c.id)}: ${kids.join(', ')}. See [${c.title}](${target}).`;
    }),
    `Answer ${code(targetQ)} with every target that applies: a post can be aimed at ${rng
      .sample(targetLeaves, 2)
      .map((t) => `${lowerFirst(t.title)} (${code(t.id)})`)
      .join(' and ')} at once. The tool asks it only after ${whenCats.map(code).join(', ')} or a label below them.`,
  ];
  if (whenCats.length < catIds.length) {
    const left = catIds.filter((c) => !whenCats.includes(c));
    rules.push(`For ${left.map(code).join(', ')} the target does not matter for enforcement, so the tool does not ask ${code(targetQ)}.`);
  }
  if (hasRating) rules.push(`Rate ${code('confidence')} from 1 to ${ratingMax}; a low rating sends the task to a second labeler.`);
  list(rules, true);

  if (rng.chance(0.5)) {
    const rows = rng.sample(verdictLeaves, Math.min(verdictLeaves.length, rng.int(3, 5)));
    out.push('| if the content | choose | not |', '|---|---|---|');
    for (const l of rows) {
      const sib = siblingsOf(l).filter((id) => isLeaf(labels.get(id)));
      out.push(`| ${l.desc} | ${code(l.id)} | ${sib.length ? code(rng.pick(sib)) : code('none')} |`);
    }
    out.push('');
  }

  // Label sections.
  const labelSection = (l, depth) => {
    heading(depth, headingText(l));
    const s = slotsFor(l);
    const leaf = isLeaf(l);
    para(sentences(DEFINITION_SENTENCES, leaf ? rng.int(3, 5) : 4, s));
    if (!leaf) {
      const kids = l.children.map((id) => labels.get(id));
      if (rng.chance(0.25)) {
        out.push('| label | use it when the content |', '|---|---|');
        for (const k of kids) out.push(`| ${code(k.id)} | ${k.qual ?? k.desc} |`);
        out.push('');
      } else {
        para(`${l.title} has ${kids.length} more specific labels; use ${code(l.id)} itself only when none of them fits:`);
        list(kids.map((k) => `${link(k)} (${code(k.id)}): ${k.qual ?? k.desc}.`));
      }
    }
    if (leaf && l.question === 'verdict' && l.id !== 'none') {
      if (rng.chance(0.25)) {
        para('Signals that point to this label:');
        list(rng.sample(SIGNALS, rng.int(2, 4)).map((x) => fill(x, s)));
      }
      if (rng.chance(0.12)) {
        para('Not this label:');
        list(rng.sample(NON_SIGNALS, 2).map((x) => fill(x, s)));
      }
      const sibs = siblingsOf(l);
      if (sibs.length && rng.chance(0.5)) {
        const other = labels.get(rng.pick(sibs));
        para(`${fill(rng.pick(RELATION_SENTENCES), { ref: code(l.id), other: code(other.id), otherTitle: other.title })} See ${link(other)}.`);
      }
    }
    if (l.id === 'none') {
      // The deliberate mistake: the `none` example also answers the target question, which `when` hides.
      const hidden = deliberate.includes('hidden-question-answered');
      const answers = hidden ? [['verdict', 'none'], [targetQ, [rng.pick(targetLeaves).id]]] : answerSet('none');
      out.push(renderExample({ kind: 'positive', explicitKind: rng.chance(0.3), text: exampleText(), answers, why: rng.pick(WHY_NEGATIVE), owner: l }), '');
      const other = rng.pick(verdictLeaves);
      out.push(renderExample({ kind: 'negative', explicitKind: true, text: exampleText(), answers: answerSet(other.id), why: fill(rng.pick(WHY_POSITIVE), { does: other.desc }), owner: l }), '');
    } else if (leaf && l.question === 'verdict') {
      out.push(positiveFor(l), '');
      out.push(negativeFor(l), '');
    } else if (leaf) {
      // A target leaf: a positive example unless a verdict example above already named it,
      // and a negative one that names another target.
      const named = examples.some((e) => e.kind === 'positive' && e.answers.some(([q, v]) => q === targetQ && v.includes(l.id)));
      if (!named && targetedLeaves.length) {
        out.push(
          renderExample({
            kind: 'positive',
            explicitKind: rng.chance(0.4),
            text: exampleText(),
            answers: answerSet(rng.pick(targetedLeaves).id, [l.id]),
            why: `The post ${l.desc}.`,
            owner: l,
          }),
          '',
        );
      }
      if (targetedLeaves.length) {
        const others = targetLeaves.filter((t) => t.id !== l.id);
        out.push(
          renderExample({
            kind: rng.chance(0.2) ? 'borderline' : 'negative',
            explicitKind: true,
            text: exampleText(),
            answers: answerSet(rng.pick(targetedLeaves).id, [rng.pick(others).id]),
            why: `The post is aimed at someone else; nothing in it ${l.desc}.`,
            owner: l,
          }),
          '',
        );
      }
    }
    for (const id of l.children) labelSection(labels.get(id), depth + 1);
  };

  heading(2, 'Labels');
  para(`The ${code('verdict')} question has ${verdictLabels.length} labels. Pick the most specific one that fits; a parent label is for content that fits the parent but none of its children.`);
  for (const l of verdictLabels.filter((x) => x.depth === 1)) labelSection(l, 3);

  heading(2, 'Targets');
  para(
    `The ${code(targetQ)} question appears after ${whenCats.map(code).join(', ')} and the labels below them. Pick every target the content is aimed at, the most specific label of each group.`,
  );
  for (const l of targetLabels.filter((x) => x.depth === 1)) labelSection(l, 3);

  heading(2, 'Changelog');
  history.forEach((h, i) => {
    heading(3, `${h.version} - ${h.date}`);
    const refs = rng.sample(all, 2).map((l) => code(l.id));
    const items = rng.sample(CHANGELOG_ITEMS, i === history.length - 1 ? 1 : rng.int(1, 3)).map((t, j) => fill(t, { ref: refs[j % refs.length] }));
    if (i === history.length - 1) items[0] = 'First version.';
    if (renamed && i === 0) items.push(`Renamed the old ${renamed.id.split('.').pop()} label; it is now ${code(renamed.id)}.`);
    list(items);
  });

  while (out.length && out[out.length - 1] === '') out.pop();
  const guideline = `${out.join('\n')}\n`;
  return {
    id: setId,
    guideline,
    schema: `${JSON.stringify(schema, null, 2)}\n`,
    labels: all.length,
    leaves: all.filter(isLeaf).length,
    examples: examples.length,
    deliberate,
  };
}

/** Misspells a label id by swapping two letters of its last segment; never yields an existing id. */
function misspell(rng, id, labels) {
  const parts = id.split('.');
  const last = parts[parts.length - 1];
  for (let tries = 0; tries < 20; tries++) {
    const i = rng.int(0, Math.max(0, last.length - 2));
    const swapped = last.slice(0, i) + last.charAt(i + 1) + last.charAt(i) + last.slice(i + 2);
    const candidate = [...parts.slice(0, -1), swapped].join('.');
    if (swapped !== last && !labels.has(candidate)) return candidate;
  }
  return `${id}x`;
}

/** `count` versions, newest (`current`) first, each with a date, going back in time. */
function versionHistory(rng, current, count) {
  let [major, minor, patch] = current.split('.').map(Number);
  let day = Date.UTC(2025, 0, 1) + rng.int(0, 400) * 86400000;
  const out = [];
  for (let i = 0; i < count; i++) {
    out.push({ version: `${major}.${minor}.${patch}`, date: new Date(day).toISOString().slice(0, 10) });
    if (patch > 0 && rng.chance(0.5)) patch--;
    else if (minor > 0) {
      minor--;
      patch = 0;
    } else if (major > 1) {
      major--;
      minor = rng.int(1, 5);
      patch = 0;
    } else if (patch > 0) patch--;
    else break;
    day -= rng.int(14, 120) * 86400000;
  }
  return out;
}
