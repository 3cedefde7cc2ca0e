/** Semantic diff: classification of every kind of change, bump and status checks, migration maps, word diff. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createMemoryHost, declaredBump, diffSets, diffWords, loadSet, migrationMap, type GuidelineSet } from '../src/index.js';
import { baseFiles } from './support/rule-tester.js';

const baseSchema = JSON.parse(baseFiles['schema.json'] as string) as { version: string; questions: Record<string, unknown>[] };

function setFrom(files: { schema?: unknown; guideline?: string }, dir = '/s'): GuidelineSet {
  const host = createMemoryHost({
    [`${dir}/schema.json`]: files.schema === undefined ? (baseFiles['schema.json'] as string) : JSON.stringify(files.schema, null, 2),
    [`${dir}/guideline.md`]: files.guideline ?? (baseFiles['guideline.md'] as string),
  });
  return loadSet(dir, host);
}

/** The base schema with `edit` applied to a deep copy. */
function schemaWith(edit: (s: typeof baseSchema) => void, version = '1.0.0'): unknown {
  const s = structuredClone(baseSchema);
  s.version = version;
  edit(s);
  return s;
}

const guidelineAt = (version: string, status = 'draft', body?: (g: string) => string): string => {
  const g = (baseFiles['guideline.md'] as string).replace('version: 1.0.0', `version: ${version}`).replace('status: draft', `status: ${status}`);
  return body ? body(g) : g;
};

type Opt = { id: string; title: string; options?: Opt[]; deprecated?: unknown; renamedFrom?: string; severity?: string };
const verdictOptions = (s: typeof baseSchema): Opt[] => (s.questions[0] as { options: Opt[] }).options;
const abuse = (s: typeof baseSchema): Opt => verdictOptions(s)[1] as Opt;

const summary = (base: GuidelineSet, head: GuidelineSet) => diffSets(base, head).changes.map((c) => `${c.level} ${c.kind} ${c.path}`);

describe('diffSets classification', () => {
  const before = setFrom({});
  it('finds nothing between identical sets', () => {
    const d = diffSets(before, setFrom({}));
    expect(d.changes).toEqual([]);
    expect(d).toMatchObject({ state: 'unchanged', required: 'none', declared: 'none', ok: true });
  });
  it('a renamed label (renamedFrom) is major, at the new id', () => {
    const head = setFrom({
      schema: schemaWith((s) => Object.assign((abuse(s).options as Opt[])[0] as Opt, { id: 'abuse.name_calling', renamedFrom: 'abuse.insult' })),
      guideline: guidelineAt('1.0.0', 'draft', (g) => g.replaceAll('abuse.insult', 'abuse.name_calling')),
    });
    const d = diffSets(before, head);
    expect(d.changes.filter((c) => c.kind.startsWith('label'))).toEqual([
      expect.objectContaining({ kind: 'label-renamed', level: 'major', path: 'questions[verdict].options[abuse.insult]', before: 'abuse.insult', after: 'abuse.name_calling' }),
    ]);
    expect(d.required).toBe('major');
    expect(d.problems.map((p) => p.code)).toContain('bump-too-small');
  });
  it('a label renamed once shows once: not again as a narrowed `when`, a reworded definition or an edited example', () => {
    const whyBase = (g: string): string => g.replace('why: It criticises an idea, not a person.', 'why: "It criticises an idea, not a person; compare `abuse`."');
    const base = setFrom({ guideline: whyBase(baseFiles['guideline.md'] as string) });
    const head = setFrom({
      // `abuse` is the label the `target` question's `when` names: renaming it rewrites that `when` too.
      schema: schemaWith((s) => {
        Object.assign(abuse(s), { id: 'harm', renamedFrom: 'abuse' });
        (s.questions[1] as { when: { answers: string[] } }).when.answers = ['harm'];
      }, '2.0.0'),
      guideline: whyBase(guidelineAt('2.0.0')).replaceAll('`abuse`', '`harm`'),
    });
    const d = diffSets(base, head);
    expect(d.changes.map((c) => `${c.level} ${c.kind} ${c.path}`)).toEqual(['major label-renamed questions[verdict].options[abuse]']);
    expect(d).toMatchObject({ required: 'major', declared: 'major', ok: true });
  });
  it('a removed label is major; an added one is minor', () => {
    const head = setFrom({ schema: schemaWith((s) => { const a = abuse(s); a.options = [(a.options as Opt[])[0] as Opt, { id: 'abuse.doxxing', title: 'Doxxing' }]; }, '2.0.0'), guideline: guidelineAt('2.0.0') });
    expect(summary(before, head)).toEqual(expect.arrayContaining(['major label-removed questions[verdict].options[abuse.threat]', 'minor label-added questions[verdict].options[abuse.doxxing]']));
    const d = diffSets(before, head);
    expect(d).toMatchObject({ required: 'major', declared: 'major', ok: true });
  });
  it('wording only is a patch with a word diff', () => {
    const head = setFrom({ guideline: guidelineAt('1.0.1', 'draft', (g) => g.replace('Anything that is not `abuse`.', 'Anything that is clearly not `abuse`.')) });
    const d = diffSets(before, head);
    const def = d.changes.find((c) => c.kind === 'definition');
    expect(def).toMatchObject({ level: 'patch', path: 'sections[none].definition', labelId: 'none' });
    expect(def?.words?.filter((w) => w.op !== 'equal')).toEqual([{ op: 'insert', text: 'clearly ' }]);
    expect(d).toMatchObject({ required: 'patch', declared: 'patch', ok: true });
  });
  it('an example relabeled (same text, other answers) is minor', () => {
    const head = setFrom({ guideline: guidelineAt('1.1.0', 'draft', (g) => g.replace('text: "That idea is idiotic."\nanswers:\n  verdict: none', 'text: "That idea is idiotic."\nanswers:\n  verdict: abuse.insult\n  target: [target.group]')) });
    const d = diffSets(before, head);
    expect(d.changes.map((c) => `${c.level} ${c.kind}`)).toEqual(['minor example-relabeled']);
    expect(d.changes[0]?.labelId).toBe('abuse.insult');
  });
  it('a question type change is major', () => {
    const head = setFrom({ schema: schemaWith((s) => { (s.questions[1] as { type: string }).type = 'single'; }) });
    expect(summary(before, head)).toEqual(['major question-type questions[target].type']);
  });
  it('optional -> required is major, required -> optional minor', () => {
    const made = setFrom({ schema: schemaWith((s) => { (s.questions[2] as { required: boolean }).required = true; }) });
    expect(summary(before, made)).toEqual(['major question-required questions[rationale].required']);
    expect(summary(made, before)).toEqual(['minor question-optional questions[rationale].required']);
  });
  it('a narrowed when is major, a widened one minor', () => {
    const narrowed = setFrom({ schema: schemaWith((s) => { (s.questions[1] as { when: { answers: string[] } }).when.answers = ['abuse.threat']; }) });
    expect(summary(before, narrowed)).toEqual(['major question-when questions[target].when']);
    expect(summary(narrowed, before)).toEqual(['minor question-when questions[target].when']);
  });
  it('deprecation and severity changes are minor, title rewording patch', () => {
    const head = setFrom({ schema: schemaWith((s) => { const t = (abuse(s).options as Opt[])[1] as Opt; t.deprecated = { since: '1.1.0', replacedBy: 'abuse.insult' }; t.severity = 'critical'; t.title = 'Threats'; }) });
    expect(summary(before, head)).toEqual([
      'minor label-deprecated questions[verdict].options[abuse.threat].deprecated',
      'minor label-severity questions[verdict].options[abuse.threat].severity',
      'patch label-title questions[verdict].options[abuse.threat].title',
    ]);
  });
  it('a label moved within its question is minor, to another question major', () => {
    const within = setFrom({ schema: schemaWith((s) => { const a = abuse(s); const t = (a.options as Opt[]).pop() as Opt; verdictOptions(s).push(t); }) });
    expect(summary(before, within)).toEqual(['minor label-moved questions[verdict].options[abuse.threat]']);
    const across = setFrom({ schema: schemaWith((s) => { const a = abuse(s); const t = (a.options as Opt[]).pop() as Opt; (s.questions[1] as { options: Opt[] }).options.push(t); }) });
    expect(summary(before, across)).toEqual(['major label-moved questions[verdict].options[abuse.threat]']);
  });
  it('a required question added is major, an optional one minor, a removed one major', () => {
    const req = setFrom({ schema: schemaWith((s) => { s.questions.push({ id: 'lang', type: 'text', prompt: 'Language?', required: true }); }) });
    expect(summary(before, req)).toEqual(['major question-added questions[lang]']);
    const opt = setFrom({ schema: schemaWith((s) => { s.questions.push({ id: 'lang', type: 'text', prompt: 'Language?' }); }) });
    expect(summary(before, opt)).toEqual(['minor question-added questions[lang]']);
    expect(summary(opt, before)).toEqual(['major question-removed questions[lang]']);
  });
  it('frontmatter and changelog edits are patches', () => {
    const head = setFrom({ guideline: guidelineAt('1.0.0', 'draft', (g) => g.replace('owners: [docs@example.org]', 'owners: [docs@example.org, policy@example.org]').replace('- First version.', '- First version, reviewed.')) });
    expect(summary(before, head)).toEqual(['patch frontmatter frontmatter.owners', 'patch changelog changelog']);
  });
  it('an added set has no required bump; a removed one is major', () => {
    expect(diffSets(undefined, before)).toMatchObject({ state: 'added', required: 'none', ok: true });
    expect(diffSets(before, undefined)).toMatchObject({ state: 'removed', required: 'major' });
  });
});

describe('version and status checks', () => {
  it('declared bumps, 0.x and backwards versions', () => {
    expect(declaredBump('1.2.3', '2.0.0')).toBe('major');
    expect(declaredBump('1.2.3', '1.3.0')).toBe('minor');
    expect(declaredBump('1.2.3', '1.2.4')).toBe('patch');
    expect(declaredBump('1.2.3', '1.2.3')).toBe('none');
    expect(declaredBump('0.2.3', '0.3.0')).toBe('major');
    expect(declaredBump('1.2.3', '1.2.2')).toBe('backwards');
    expect(declaredBump('1.2', '1.2.2')).toBe('invalid');
  });
  it('acknowledged breaking changes need only a minor bump and are shown', () => {
    const before = setFrom({});
    const head = setFrom({
      schema: schemaWith((s) => { const a = abuse(s); a.options = [(a.options as Opt[])[0] as Opt]; }, '1.1.0'),
      guideline: guidelineAt('1.1.0', 'draft', (g) => g.replace('owners: [docs@example.org]\n', 'owners: [docs@example.org]\nacknowledgements:\n  - change: questions[verdict].options[abuse.threat]\n    reason: never used\n')),
    });
    const d = diffSets(before, head);
    expect(d.changes.find((c) => c.kind === 'label-removed')?.acknowledged).toBe('never used');
    expect(d).toMatchObject({ required: 'minor', declared: 'minor', ok: true });
  });
  it('illegal status moves and edits of an approved version are errors', () => {
    const approved = setFrom({ guideline: guidelineAt('1.0.0', 'approved') });
    const edited = setFrom({ guideline: guidelineAt('1.0.0', 'approved', (g) => g.replace('First version.', 'First version!')) });
    expect(diffSets(approved, edited).problems.map((p) => p.code)).toEqual(['bump-too-small', 'approved-edited']);
    const backToDraft = setFrom({ guideline: guidelineAt('1.0.0', 'draft') });
    expect(diffSets(approved, backToDraft).problems.map((p) => p.code)).toEqual(['status-transition']);
    expect(diffSets(setFrom({ guideline: guidelineAt('1.0.0', 'review') }), approved).ok).toBe(true);
  });
});

describe('migration map', () => {
  it('follows renamedFrom and deprecated.replacedBy chains, and marks removals', () => {
    const v1 = setFrom({}).schema!;
    const v2 = setFrom({
      schema: schemaWith((s) => {
        const a = abuse(s);
        a.options = [
          { id: 'abuse.name_calling', title: 'Name calling', renamedFrom: 'abuse.insult', deprecated: { since: '2.0.0', replacedBy: 'abuse.harassment' } },
          { id: 'abuse.harassment', title: 'Harassment' },
        ];
      }),
    }).schema!;
    const map = migrationMap(v1, v2);
    const by = Object.fromEntries(map.labels.map((l) => [l.from, l]));
    expect(by['abuse.insult']).toEqual({ from: 'abuse.insult', to: 'abuse.harassment', questionId: 'verdict', via: 'renamed', chain: ['abuse.insult', 'abuse.name_calling', 'abuse.harassment'] });
    expect(by['abuse.threat']).toMatchObject({ to: null, via: 'removed' });
    expect(by.none).toMatchObject({ to: 'none', via: 'same' });
  });
});

describe('properties', () => {
  const labelIds = ['abuse.a', 'abuse.b', 'abuse.c', 'abuse.d', 'abuse.e', 'abuse.f'];
  const schemaOf = (ids: string[]) => ({ id: 'base-set', version: '1.0.0', questions: [{ id: 'verdict', type: 'single', prompt: 'p', options: ids.map((id) => ({ id, title: id })) }] });
  it('diff(a, a) is empty and diff(b, a) turns removals into additions', () => {
    fc.assert(
      fc.property(fc.subarray(labelIds), fc.subarray(labelIds), (x, y) => {
        const a = setFrom({ schema: schemaOf(x) }, '/a');
        const b = setFrom({ schema: schemaOf(y) }, '/b');
        expect(diffSets(a, setFrom({ schema: schemaOf(x) }, '/a2')).changes).toEqual([]);
        const forward = diffSets(a, b).changes;
        const backward = diffSets(b, a).changes;
        const ids = (cs: typeof forward, kind: string) => cs.filter((c) => c.kind === kind).map((c) => c.labelId).sort();
        expect(ids(forward, 'label-removed')).toEqual(ids(backward, 'label-added'));
        expect(ids(forward, 'label-added')).toEqual(ids(backward, 'label-removed'));
      }),
      { numRuns: 100, seed: 3 },
    );
  });
  it('a word diff rebuilds both texts', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), fc.string({ maxLength: 200 }), (a, b) => {
        const parts = diffWords(a, b);
        expect(parts.filter((p) => p.op !== 'insert').map((p) => p.text).join('')).toBe(a);
        expect(parts.filter((p) => p.op !== 'delete').map((p) => p.text).join('')).toBe(b);
      }),
      { numRuns: 1000, seed: 9 },
    );
  });
});
