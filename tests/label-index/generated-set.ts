/**
 * Random guideline sets for the label-index properties: a schema with a label
 * tree (deprecations with known and unknown replacements, renames, a `when`
 * naming known, unknown, renamed and other-question ids) and a guideline that
 * writes label ids everywhere the format lets them stand (prose, lists, tables,
 * quotes, link texts, headings, example answers and `why`, the changelog,
 * acknowledgements), mixed with code that is no label (file names, question
 * ids, one-segment words).
 */
import fc from 'fast-check';
import { headingSlugs } from '@rubric/core';

/** A generated set's files. */
export interface GeneratedSet {
  guideline: string;
  schema: string;
}

interface Option {
  id: string;
  title: string;
  renamedFrom?: string[];
  deprecated?: { since: string; replacedBy?: string };
  options?: Option[];
}

const word = fc.constantFrom('alpha', 'beta', 'gamma', 'delta', 'omega', 'sigma', 'kappa');

/** The label tree of the `verdict` question: `none` plus 1-4 top labels with 0-3 children each. */
const tree = fc.array(fc.tuple(word, fc.array(word, { maxLength: 3 })), { minLength: 1, maxLength: 4 }).map((tops) => {
  const seen = new Set<string>(['none']);
  const out: Option[] = [{ id: 'none', title: 'None' }];
  tops.forEach(([top, kids], i) => {
    const id = `${top}${i}`;
    if (seen.has(id)) return;
    seen.add(id);
    const children: Option[] = [];
    kids.forEach((k, j) => {
      const cid = `${id}.${k}${j}`;
      if (!seen.has(cid)) {
        seen.add(cid);
        children.push({ id: cid, title: `${k} ${j}` });
      }
    });
    out.push({ id, title: top, ...(children.length ? { options: children } : {}) });
  });
  return out;
});

const flat = (options: Option[]): Option[] => options.flatMap((o) => [o, ...flat(o.options ?? [])]);

/** Generated sets: the schema first, then a guideline that writes ids drawn from the schema and beyond. */
export const generatedSet: fc.Arbitrary<GeneratedSet> = tree.chain((verdictOptions) => {
  const labels = flat(verdictOptions);
  const ids = labels.map((l) => l.id);
  return fc
    .record({
      // A rename and a deprecation on random labels (by position).
      renamed: fc.option(fc.nat(ids.length - 1)),
      deprecated: fc.option(fc.tuple(fc.nat(ids.length - 1), fc.constantFrom('known', 'unknown', 'none'))),
      whenAnswers: fc.array(fc.constantFrom(...ids, 'target.one', 'ghost.label', 'old.name'), { minLength: 1, maxLength: 3 }),
      blocks: fc.array(fc.nat(10_000), { minLength: 3, maxLength: 14 }),
      mentions: fc.array(fc.nat(10_000), { minLength: 40, maxLength: 40 }),
      examples: fc.array(fc.tuple(fc.nat(10_000), fc.nat(10_000), fc.nat(10_000), fc.boolean()), { maxLength: 4 }),
      acknowledge: fc.boolean(),
    })
    .map(({ renamed, deprecated, whenAnswers, blocks, mentions, examples, acknowledge }): GeneratedSet => {
      const options = structuredClone(verdictOptions);
      const all = flat(options);
      if (renamed !== null) (all[renamed] as Option).renamedFrom = ['old.name'];
      if (deprecated !== null) {
        const [at, replacement] = deprecated;
        const target = all[at] as Option;
        const other = all.find((o) => o.id !== target.id && o.id !== 'none');
        target.deprecated = { since: '1.0.0', ...(replacement === 'known' && other ? { replacedBy: other.id } : replacement === 'unknown' ? { replacedBy: 'ghost.replacement' } : {}) };
      }
      const schema = {
        id: 'gen',
        version: '1.0.0',
        questions: [
          { id: 'verdict', type: 'single', prompt: 'Which label?', required: true, options },
          { id: 'target', type: 'multi', prompt: 'Who?', when: { question: 'verdict', answers: whenAnswers }, options: [{ id: 'target.one', title: 'One' }, { id: 'target.many', title: 'Many' }] },
          { id: 'note', type: 'text', prompt: 'Note' },
        ],
      };
      // What inline code may hold: labels, a label of the other question, unknown dotted ids, an old (renamed) id,
      // one-segment words that are and are not labels, a question id, a file name, code with spaces.
      const pool = [...ids, 'target.one', 'ghost.label', 'old.name', 'none', 'nonee', 'verdict', 'schema.json', 'x y', 'Alpha.Beta'];
      let m = 0;
      const mention = (): string => pool[(mentions[m++ % mentions.length] as number) % pool.length] as string;
      const prose = [
        () => `Use \`${mention()}\` here, or \`${mention()}\`.\n`,
        () => `- \`${mention()}\`\n- plain item with \`${mention()}\`\n`,
        () => `| label | note |\n|---|---|\n| \`${mention()}\` | see \`${mention()}\` |\n`,
        () => `> A quote naming \`${mention()}\`.\n`,
        () => `See [the \`${mention()}\` rule](#none) and \`\` ${mention()} \`\`.\n`,
        () => `#### When \`${mention()}\` applies\n`,
      ];
      // Links to label sections by their GitHub anchors, as writers link on GitHub; a rename must keep them working.
      const headingTexts = ['Generated', ...all.map((l) => `${l.id} ${l.title}`)];
      const anchors = headingSlugs(headingTexts).slice(1);
      prose.push(() => `See [that section](#${anchors[(mentions[m++ % mentions.length] as number) % anchors.length]}).\n`);
      const body: string[] = [];
      for (const label of all) {
        body.push(`### \`${label.id}\` ${label.title}\n`);
        for (let i = 0; i < 2 && blocks.length; i++) body.push((prose[(blocks.shift() as number) % prose.length] as () => string)());
      }
      for (const block of blocks) body.push((prose[block % prose.length] as () => string)());
      examples.forEach(([a, b, c, quoted], i) => {
        const answer = pool[a % pool.length] as string;
        const why = `Not \`${pool[b % pool.length]}\`; compare \`${pool[c % pool.length]}\`.`;
        body.push(['```example', `id: ex-${i}`, `text: "Example ${i} mentions \`${answer}\` as data."`, 'answers:', `  verdict: ${quoted ? JSON.stringify(answer) : answer}`, `  note: ${answer}`, `why: ${quoted ? JSON.stringify(why) : why}`, '```', ''].join('\n'));
      });
      const changelog = `## Changelog\n\n### 1.0.0\n\n- Added \`${mention()}\`; removed \`ghost.label\`; renamed \`old.name\` to \`${mention()}\`.\n`;
      const ack = acknowledge ? 'acknowledgements:\n  - change: questions[verdict].options[old.name]\n    reason: renamed on purpose\n' : '';
      const guideline = `---\nid: gen\ntitle: Generated\nversion: 1.0.0\nstatus: draft\nschema: schema.json\nowners: [gen@example.org]\n${ack}---\n\n# Generated\n\n${body.join('\n')}\n${changelog}`;
      return { guideline, schema: JSON.stringify(schema, null, 2) };
    });
});
