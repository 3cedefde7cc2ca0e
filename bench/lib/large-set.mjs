/**
 * One large generated guideline set that lints clean: a `verdict` tree of
 * categories with up to 9 children each, a positive and a negative example
 * per leaf (as the coverage rule asks). The registry benchmark publishes it
 * with 500 labels (a 10,000-line guideline); the parse benchmark edits one
 * with decision-rule prose, lists, tables and links (`prose: true`), sized to
 * about 5,000 lines and 330 KB.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** guideline.md and schema.json of a set with `n` labels at `version`; returns { guideline, schema, labels }. */
export function largeSet(n, version, { prose = false } = {}) {
  const parents = Math.ceil(n / 10);
  const options = [{ id: 'none', title: 'None', severity: 'none' }];
  for (let p = 0; p < parents && options.length < n; p++) {
    const children = [];
    for (let c = 0; c < 9 && options.length + children.length + 1 < n; c++) children.push({ id: `cat${p}.item${c}`, title: `Item ${p}.${c}`, severity: 'low' });
    options.push({ id: `cat${p}`, title: `Category ${p}`, severity: 'medium', options: children });
  }
  const labels = options.reduce((k, o) => k + 1 + (o.options?.length ?? 0), 0);
  const schema = { id: 'large-set', version, questions: [{ id: 'verdict', type: 'single', prompt: 'Which label applies?', required: true, options }] };
  const ex = (id, kind, text, answer) => `\`\`\`example\nid: ${id}\nkind: ${kind}\ntext: "${text}"\nanswers:\n  verdict: ${answer}\nwhy: Because the definition says so.\n\`\`\`\n`;
  const sectionOf = (id, title, depth) => `${'#'.repeat(depth)} \`${id}\` ${title}\n\nDefinition of ${title}, with decision rules for labelers.\n`;
  // Guideline prose is written one paragraph a line, a few hundred characters long.
  const paragraph = (id, title) =>
    `${title} covers posts whose main point is ${id}: the wording, the target and the context together decide, not a single keyword. Read the whole post, the thread it answers and any media before choosing; when the post only quotes or reports such content in order to criticise it, it is not ${id}. Satire is judged by what a reasonable reader takes away, and a label of the parent applies when no child fits exactly. Where two children seem to fit, choose the one whose definition names the stronger element (a threat over an insult, a named person over a vague group), and say why in the rationale; reviewers look at that sentence first when labels disagree, so keep it short, concrete and tied to the words of the post rather than to a guess about the author.\n\nSignals that point to ${title}: explicit statements, repeated targeting of the same person or group, calls to act, and coded terms listed in the appendix. Signals that do not, on their own: strong language without a target, news reporting, and fiction that is clearly marked as such. Images and video count like text: a caption can turn a harmless picture into ${id}, and a picture can do the same to a harmless caption. Language matters too: a slur reclaimed by the group it names is read in its context, and a translation that loses the tone is checked against the original before a label is chosen.\n\nEdge cases for ${id}: a post that mixes it with unrelated complaints is still ${id} when that part stands on its own; a post that only links to such content, without endorsing it, gets the label of what it says itself; and an account that posts the same text many times is labelled per post, with the repetition noted in the rationale so that the escalation team can see the pattern.\n`;
  const rules = (id, parent) =>
    `Decision rules for \`${id}\`:\n\n- Apply it when the post is a clear case of ${id}; otherwise see the parent \`${parent}\`.\n- Quoted or reported speech is usually [out of scope](#scope).\n- Borderline? Compare with the **examples** below and the *negative* one.\n`;
  const table = (o) => `| label | when |\n|---|---|\n${(o.options ?? []).map((c) => `| \`${c.id}\` | ${c.title}, as defined below |`).join('\n')}\n`;
  const sections = [sectionOf('none', 'None', 3), ex('none-pos', 'positive', 'Nothing here at all.', 'none'), ex('none-neg', 'negative', 'Something close to a violation.', 'cat0.item0')];
  for (const o of options.slice(1)) {
    sections.push(sectionOf(o.id, o.title, 3));
    if (prose) sections.push(table(o));
    for (const c of o.options ?? []) {
      sections.push(sectionOf(c.id, c.title, 4));
      if (prose) sections.push(paragraph(c.id, c.title), rules(c.id, o.id));
      sections.push(ex(`${c.id}-pos`, 'positive', `A clear case of ${c.id}.`, c.id), ex(`${c.id}-neg`, 'negative', `Not quite ${c.id}.`, 'none'));
    }
  }
  const guideline = `---\nid: large-set\ntitle: Large set\nversion: ${version}\nstatus: approved\nschema: schema.json\nowners: [bench@example.org]\n---\n\n# Large set\n\n## Scope\n\nA generated set with ${labels} labels.\n\n## Labels\n\n${sections.join('\n')}\n## Changelog\n\n### ${version} - 2026-01-01\n\n- Generated.\n`;
  return { guideline, schema: `${JSON.stringify(schema, null, 2)}\n`, labels };
}

/** Writes largeSet(n, version) to `dir`; returns its label count. */
export function writeLargeSet(dir, n, version, opts) {
  const { guideline, schema, labels } = largeSet(n, version, opts);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'schema.json'), schema);
  writeFileSync(join(dir, 'guideline.md'), guideline);
  return labels;
}
