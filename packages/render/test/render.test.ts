/**
 * The structure labelers read, checked on the repository's real guidelines:
 * every label section has its anchor and chips, every example is a card,
 * the sidebar lists every label, block elements carry source lines.
 */
import { describe, expect, it } from 'vitest';
import { renderGuideline } from '../src/index.js';
import { all, classes, elements, loadDir, memorySet, one, parse, realSetDirs, textOf } from './support.js';

const dirs = realSetDirs();

describe.each(dirs.map((d) => [d.split('/').pop() as string, d]))('the real guideline %s', (_name, dir) => {
  const set = loadDir(dir);
  const doc = set.guideline!;
  const schema = set.schema!;
  const rendered = renderGuideline(set);
  const tree = parse(rendered.html);

  it('loads without problems', () => {
    expect(set.problems).toEqual([]);
    expect(doc.sections.length).toBeGreaterThan(0);
  });

  it('has a header with title, id, version, status badge, effective date and owners', () => {
    const fm = doc.frontmatter!.data as Record<string, unknown>;
    const header = one(tree, 'header.guideline-header');
    expect(textOf(one(header, 'h1.guideline-title'))).toBe(fm.title);
    expect(rendered.title).toBe(fm.title);
    const meta = textOf(one(header, '.guideline-meta'));
    expect(meta).toContain(String(fm.id));
    expect(meta).toContain(String(fm.version));
    expect(meta).toContain(String(fm.effective));
    for (const owner of fm.owners as string[]) expect(meta).toContain(owner);
    // Without the stylesheet (Label Studio's instructions drop it) the items still read as separate words.
    expect(meta).toContain(`${String(fm.status)} id ${String(fm.id)} version ${String(fm.version)} effective ${String(fm.effective)} owners `);
    expect(classes(one(header, '.badge.status'))).toContain(`status-${String(fm.status)}`);
  });

  it('gives every label section its anchor and chips', () => {
    for (const section of doc.sections) {
      const heading = one(tree, `[id="label-${section.labelId}"]`);
      expect(heading.tagName).toBe(`h${section.heading.depth}`);
      expect(heading.properties.dataLine).toBe(String(section.heading.range.start.line));
      const label = schema.labelsById.get(section.labelId)!;
      expect(label, section.labelId).toBeDefined();
      const meta = all(tree, '.label-meta').find((m) => m.properties.dataLine === String(section.heading.range.start.line))!;
      expect(meta, `chips of ${section.labelId}`).toBeDefined();
      const text = textOf(meta);
      expect(text).toContain(label.questionId);
      if (label.severity) expect(text).toContain(label.severity);
      if (label.parentId) {
        const path = all(meta, '.chip-path a.label-ref').map((a) => a.properties.href);
        expect(path[path.length - 1]).toBe(`#label-${label.parentId}`);
      }
      if (label.deprecated) expect(text).toContain('deprecated');
    }
  });

  it('renders every example as a card with its kind, text, answers and why', () => {
    const cards = all(tree, '.example-card');
    expect(cards).toHaveLength(doc.examples.length);
    doc.examples.forEach((example, i) => {
      const card = cards[i]!;
      expect(card.properties.dataLine).toBe(String(example.range.start.line));
      const kind = one(card, '.badge.kind');
      expect(['positive', 'negative', 'borderline']).toContain(textOf(kind));
      if (example.kind) expect(textOf(kind)).toBe(example.kind);
      expect(textOf(one(card, '.example-text'))).toBe(example.text);
      expect(one(card, '.example-text').properties.dir).toBe('auto');
      const answers = all(card, '.answers > li');
      expect(answers.map((li) => textOf(one(li, '.chip-key')))).toEqual(example.answers.map((a) => a.questionId));
      expect(textOf(one(card, '.example-why'))).toContain('Why');
    });
  });

  it('lists every label of the schema in the sidebar, each linking to its section', () => {
    const links = all(tree, 'nav.rubric-sidebar .taxonomy a.tree-label').map((a) => a.properties.href);
    const ids = [...new Set(schema.labels.map((l) => l.id))];
    expect(links).toEqual(ids.map((id) => `#label-${id}`));
    for (const q of schema.questions) expect(textOf(one(tree, 'nav.rubric-sidebar'))).toContain(q.id);
  });

  it('links every label reference to a section that exists', () => {
    const anchors = new Set(all(tree, '[id]').map((e) => e.properties.id));
    const refs = all(tree, 'a.label-ref');
    expect(refs.length).toBeGreaterThan(10);
    for (const a of refs) expect(anchors.has(String(a.properties.href).slice(1)), String(a.properties.href)).toBe(true);
    expect(all(tree, '.unknown-label')).toEqual([]);
  });

  it('puts a source line on every block element of the content', () => {
    const blocks = all(tree, 'article.rubric-content').flatMap((article) =>
      elements(article).filter((e) => ['p', 'h2', 'h3', 'h4', 'h5', 'h6', 'ul', 'ol', 'li', 'blockquote', 'pre', 'table', 'tr', 'hr', 'div'].includes(e.tagName)),
    );
    expect(blocks.length).toBeGreaterThan(50);
    const lineCount = doc.lines.lineCount;
    for (const b of blocks) {
      const line = Number(b.properties.dataLine);
      expect(line, `${b.tagName}.${classes(b).join('.')}`).toBeGreaterThanOrEqual(1);
      expect(line).toBeLessThanOrEqual(lineCount);
    }
  });

  it('keeps GitHub heading slugs as anchors and returns the outline', () => {
    expect(rendered.toc).toHaveLength(doc.headings.length);
    const ids = new Set(all(tree, '[id]').map((e) => String(e.properties.id)));
    for (const h of doc.headings) expect(ids.has(h.slug), h.slug).toBe(true);
    for (const entry of rendered.toc) expect(ids.has(entry.id), entry.id).toBe(true);
    const changelog = rendered.toc.find((t) => t.text.toLowerCase() === 'changelog');
    expect(changelog).toBeDefined();
  });

  it('renders the changelog as written', () => {
    for (const entry of doc.changelog?.entries ?? []) {
      expect(textOf(one(tree, `[id="${entry.heading.slug}"]`))).toBe(entry.heading.text);
    }
  });
});

describe('label references and sections', () => {
  const schema = {
    id: 's',
    version: '1.0.0',
    questions: [
      {
        id: 'verdict',
        type: 'single',
        prompt: 'Which?',
        required: true,
        options: [
          { id: 'none', title: 'None', severity: 'none' },
          { id: 'hate', title: 'Hate', severity: 'high', options: [{ id: 'hate.dehumanization', title: 'Dehum', options: [{ id: 'hate.dehumanization.animal', title: 'Animal', severity: 'high' }] }] },
          { id: 'hate.epithet', title: 'Epithet', deprecated: { since: '2.0.0', replacedBy: 'hate.slur' } },
          { id: 'hate.slur', title: 'Slur', severity: 'critical', renamedFrom: 'hate.insult' },
        ],
      },
      { id: 'rationale', type: 'text', prompt: 'Why?' },
    ],
  };
  const md = [
    '---',
    'id: s',
    'title: Sample',
    'version: 1.0.0',
    'status: deprecated',
    'schema: schema.json',
    'owners: [a@example.org]',
    '---',
    '',
    '# Sample',
    '',
    'See `hate.slur`, `hate.epithet`, `hate.nope`, `hate.insult`, `none`, `nothing`, `schema.json`.',
    'A [link with `hate.slur` inside](https://example.org/x).',
    '',
    '### `hate.dehumanization.animal` Animal comparison',
    '',
    '### `hate.epithet` Epithet',
    '',
    '### `hate.ghost` Not in the schema',
    '',
  ].join('\n');
  const tree = parse(renderGuideline(memorySet(md, schema)).html);

  it('links known labels and marks unknown ones', () => {
    const refs = all(one(tree, 'article p'), 'code');
    const byText = new Map(refs.map((c) => [textOf(c), c]));
    expect(tree && one(tree, 'a.label-ref[href="#label-hate.slur"]')).toBeDefined();
    expect(byText.get('hate.nope')!.properties.title).toBe('Unknown label');
    expect(classes(byText.get('hate.nope')!)).toContain('unknown-label');
    expect(String(byText.get('hate.insult')!.properties.title)).toContain('renamed to hate.slur');
    expect(classes(byText.get('nothing')!)).not.toContain('unknown-label');
    expect(classes(byText.get('schema.json')!)).not.toContain('unknown-label');
    expect(one(tree, 'a.label-ref[href="#label-hate.epithet"]').properties.title).toBe('Deprecated: use hate.slur');
    expect(one(tree, 'a.label-ref[href="#label-none"]')).toBeDefined();
  });

  it('reads an example\'s why and the changelog as the label index does: references in why, history in the changelog', () => {
    const withWhy = `${md}\n\`\`\`example\ntext: "Plain text with \`hate.nope\` as data."\nanswers:\n  verdict: hate.slur\n  rationale: "\`hate.nope\` in a text answer"\nwhy: "Use \`hate.slur\`, never \`hate.slurx\`; \`x y\` is code."\n\`\`\`\n\n## Changelog\n\n### 2.0.0\n\n- Removed \`hate.gone\`; renamed \`hate.insult\` to \`hate.slur\`.\n`;
    const t = parse(renderGuideline(memorySet(withWhy, schema)).html);
    const why = one(t, '.example-why');
    expect(one(why, 'a.label-ref[href="#label-hate.slur"]')).toBeDefined();
    const unknown = all(why, 'code.unknown-label').map(textOf);
    expect(unknown).toEqual(['hate.slurx']);
    expect(all(why, 'code').map(textOf)).toContain('x y');
    // The example's text and a text answer are data: shown as written, never as labels.
    expect(all(one(t, '.example-text'), 'code')).toEqual([]);
    expect(textOf(one(t, '.example-text'))).toContain('`hate.nope`');
    expect(all(t, '.answer .answer-text').map(textOf)).toContain('`hate.nope` in a text answer');
    // History: the removed label is not unknown; the old id links to the label that carries it now.
    const history = all(t, 'code.label-history');
    expect(history.map(textOf)).toEqual(['hate.gone', 'hate.insult', 'hate.slur']);
    expect(all(t, 'code.unknown-label').map(textOf)).not.toContain('hate.gone');
    expect(history[0]?.properties.title).toBe('A label of an earlier version');
    expect(history[1]?.properties.title).toBe('Renamed to hate.slur since');
  });

  it('never nests a label link inside a link', () => {
    const link = one(tree, 'a[href="https://example.org/x"]');
    expect(all(link, 'a')).toEqual([link]);
    expect(all(link, 'code.label-ref')).toHaveLength(1);
    expect(link.properties.rel).toEqual(['noopener', 'noreferrer']);
  });

  it('shows the parent path, severity and deprecation as chips', () => {
    const meta = all(tree, '.label-meta');
    expect(textOf(meta[0]!)).toContain('hate > hate.dehumanization');
    expect(textOf(meta[0]!)).toContain('high');
    expect(textOf(meta[1]!)).toMatch(/deprecated\s*since 2\.0\.0 → use hate\.slur/);
    expect(one(meta[1]!, '.chip-deprecated a.label-ref').properties.href).toBe('#label-hate.slur');
    expect(classes(all(tree, '.label-heading')[1]!)).toContain('deprecated');
    expect(one(meta[2]!, '.chip.unknown-label').properties.title).toBe('Unknown label');
    expect(one(tree, 'h3[id="label-hate.ghost"]')).toBeDefined();
  });

  it('makes a deprecated set visibly different and drops the duplicate # title', () => {
    expect(classes(one(tree, '.badge.status'))).toContain('status-deprecated');
    expect(textOf(one(tree, '.status-note'))).toContain('Deprecated');
    expect(all(tree, 'h1')).toHaveLength(1);
  });

  it('marks sidebar labels that have no section', () => {
    expect(classes(one(tree, 'a.tree-label[href="#label-none"]'))).toContain('no-section');
    expect(classes(one(tree, 'a.tree-label[href="#label-hate.epithet"]'))).toContain('deprecated');
  });
});

describe('renders what it can of a broken set', () => {
  it('renders without a schema, without marking labels unknown', () => {
    const set = memorySet('---\nid: x\ntitle: X\nversion: 1.0.0\nstatus: draft\nschema: missing.json\nowners: [a]\n---\n\nSee `a.b`.\n', { id: 'x' });
    const tree = parse(renderGuideline(set).html);
    expect(all(tree, '.unknown-label')).toEqual([]);
    expect(textOf(one(tree, '.load-problem'))).toMatch(/missing\.json/);
    expect(classes(one(tree, '.badge.status'))).toContain('status-draft');
  });

  it('renders an example whose YAML does not parse as an invalid card with the raw text', () => {
    const set = memorySet('---\nid: x\ntitle: X\nversion: 1.0.0\nstatus: draft\nschema: schema.json\nowners: [a]\n---\n\n```example\ntext: [oops\n```\n', { id: 'x', version: '1.0.0', questions: [] });
    const card = one(parse(renderGuideline(set).html), '.example-card');
    expect(classes(card)).toContain('example-invalid');
    expect(textOf(one(card, 'pre'))).toContain('text: [oops');
  });

  it('renders without frontmatter, taking the title from the # heading', () => {
    const set = memorySet('# Plain title\n\nText.\n', { id: 'x', version: '1.0.0', questions: [] });
    expect(renderGuideline(set).title).toBe('Plain title');
  });

  it('can leave the sidebar out', () => {
    const set = loadDir(dirs[0]!);
    expect(all(parse(renderGuideline(set, { sidebar: false }).html), 'nav')).toEqual([]);
  });
});
