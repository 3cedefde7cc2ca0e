import { DOMParser, type Element as XmlElement } from '@xmldom/xmldom';
import { describe, expect, it } from 'vitest';
import { exportMetaOf, exportSet, fromLabelStudioResult, goldTasks, guardDollar, labelStudioConfig, labelStudioLayout, setTree, toLabelStudioResult, ExportError } from '../src/index.js';
import { guidelineFor, memorySet, REAL_SETS, realSet } from './support.js';

/** Parses XML strictly: any parser error fails the test. */
function parse(xml: string): XmlElement {
  const errors: string[] = [];
  const doc = new DOMParser({ onError: (level, msg) => void (level !== 'warning' && errors.push(msg)) }).parseFromString(xml, 'text/xml');
  expect(errors).toEqual([]);
  return doc.documentElement!;
}

function all(root: XmlElement, tag: string): XmlElement[] {
  return Array.from(root.getElementsByTagName(tag)) as unknown as XmlElement[];
}

describe.each(REAL_SETS)('Label Studio config of %s', (name) => {
  const set = realSet(name);
  const xml = labelStudioConfig(set);
  const root = parse(xml);
  const meta = exportMetaOf(set);

  it('is deterministic and says where it came from', () => {
    expect(labelStudioConfig(realSet(name))).toBe(xml);
    expect(xml).toContain(`rubric:set=${meta.setId} rubric:version=${meta.version} rubric:contentHash=${meta.contentHash}`);
    expect(meta.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(root.tagName).toBe('View');
    expect(all(root, 'Text').map((t) => [t.getAttribute('name'), t.getAttribute('value')])).toEqual([['text', '$text']]);
  });

  it('offers every label of every question exactly once, exporting its id', () => {
    const schema = set.schema!;
    for (const q of schema.questions) {
      const exported: string[] = [];
      for (const tag of ['Choices', 'Labels', 'Taxonomy']) {
        for (const control of all(root, tag)) {
          const cname = control.getAttribute('name')!;
          if (cname !== q.id && !cname.startsWith(`${q.id}__`)) continue;
          for (const c of Array.from(control.childNodes).filter((n): n is XmlElement => n.nodeType === 1)) exported.push(c.getAttribute('alias') || c.getAttribute('value')!);
        }
      }
      expect(exported.sort(), q.id).toEqual([...q.labelIds].sort());
    }
  });

  it('uses no nested Choice inside Choices (Label Studio 1.4.0 drops it) and gates every sub-control and `when` with visibleWhen', () => {
    for (const choices of all(root, 'Choices')) {
      for (const c of all(choices, 'Choice')) expect(all(c, 'Choice')).toEqual([]);
      const cname = choices.getAttribute('name')!;
      const sep = cname.indexOf('__');
      if (sep > 0) {
        const gate = choices.parentNode as XmlElement;
        expect(gate.getAttribute('visibleWhen')).toBe('choice-selected');
        expect(gate.getAttribute('whenChoiceValue')).toBe(cname.slice(sep + 2));
      }
    }
    for (const q of set.schema!.questions.filter((x) => x.when)) {
      const control = [...all(root, 'Choices'), ...all(root, 'Labels'), ...all(root, 'TextArea'), ...all(root, 'Rating')].find((c) => c.getAttribute('name') === q.id)!;
      const block = control.parentNode as XmlElement;
      expect(block.getAttribute('visibleWhen'), q.id).toBe('choice-selected');
      expect(block.getAttribute('whenTagName')).toBe(q.when!.questionId);
      expect(block.getAttribute('whenChoiceValue')!.split(',')).toEqual(q.when!.answers);
    }
  });

  it('reads every example back from its Label Studio result', () => {
    const gold = goldTasks(set);
    expect(gold.labelStudio).toHaveLength(set.guideline!.examples.length);
    for (const [i, task] of gold.labelStudio.entries()) {
      const back = fromLabelStudioResult(set, task.annotations[0]!.result);
      expect(back.errors).toEqual([]);
      const expected = gold.neutral[i]!.answers;
      const sortList = (v: unknown) => (Array.isArray(v) ? [...v].map((x) => JSON.stringify(x)).sort() : v);
      expect(Object.fromEntries(Object.entries(back.answers).map(([k, v]) => [k, sortList(v)]))).toEqual(Object.fromEntries(Object.entries(expected).map(([k, v]) => [k, sortList(v)])));
    }
  });

  it('ships the config with the guideline as sanitized instructions and project settings', () => {
    const files = exportSet(set, 'label-studio');
    expect(files.map((f) => f.name)).toEqual(['label-studio/config.xml', 'label-studio/instructions.html', 'label-studio/project.json']);
    expect(files[0]!.content).toBe(xml);
    const project = JSON.parse(files[2]!.content) as Record<string, unknown>;
    expect(project.label_config).toBe(xml);
    expect(project.expert_instruction).toBe(files[1]!.content.trimEnd());
    expect(String(project.title).length).toBeLessThanOrEqual(50);
    expect(files[1]!.content).not.toMatch(/<script|\son\w+=/i);
  });
});

describe('Label Studio instructions read label ids as the label index does', () => {
  it('marks an unknown label in a why, and never a removed one in the changelog', () => {
    const schema = { id: 'mini', version: '1.0.0', questions: [{ id: 'verdict', type: 'single', required: true, options: [{ id: 'none', title: 'None' }, { id: 'hate.slur', title: 'Slur' }] }] };
    const body = [
      '### `hate.slur` Slur',
      '',
      '```example',
      'text: "x"',
      'answers:',
      '  verdict: none',
      'why: "If it were aimed at someone, use `hate.slurx`."',
      '```',
      '',
      '## Changelog',
      '',
      '### 1.0.0',
      '',
      '- Removed `hate.epithet`.',
    ].join('\n');
    const html = exportSet(memorySet(schema, guidelineFor('mini', '1.0.0', body)), 'label-studio').find((f) => f.name.endsWith('instructions.html'))!.content;
    expect(html).toMatch(/<code class="label-ref unknown-label"[^>]*>hate\.slurx<\/code>/);
    expect(html).toMatch(/<code class="label-history"[^>]*>hate\.epithet<\/code>/);
    expect(html).not.toMatch(/unknown-label[^>]*>hate\.epithet/);
  });
});

const HOSTILE_PROMPT = `Is it <b>bad</b> & "q" 'single' <script>alert(1)</script> ]]> --> \u202Eevil\u202C, for $50 or $text?\u0001`;

function hostileSet() {
  const schema = {
    id: 'hostile',
    version: '1.0.0',
    title: 'Hostile </View> $text',
    questions: [
      {
        id: 'verdict',
        type: 'single',
        prompt: HOSTILE_PROMPT,
        required: true,
        options: [
          { id: 'ok', title: `Fine "><img src=x onerror=alert(1)>`, description: 'line one\nline two' },
          { id: 'bad', title: 'Bad -- comment', options: [{ id: 'bad.worse', title: 'Worse & worse' }] },
        ],
      },
      { id: 'why', type: 'text', prompt: 'Why?', when: { question: 'verdict', answers: ['bad'] } },
      { id: 'stars', type: 'rating', prompt: 'Stars', min: 2, max: 4 },
    ],
  };
  return memorySet(schema, guidelineFor('hostile', '1.0.0'));
}

describe('hostile text in a schema', () => {
  it('stays well-formed XML, every attribute reads back as written, and no markup becomes an element', () => {
    const set = hostileSet();
    const xml = labelStudioConfig(set);
    const root = parse(xml);
    expect(all(root, 'script')).toEqual([]);
    expect(all(root, 'img')).toEqual([]);
    const headers = all(root, 'Header').map((h) => h.getAttribute('value'));
    // The C0 control is not allowed in XML at all: it is replaced, everything else is kept, `$` is guarded.
    expect(headers).toContain(guardDollar(HOSTILE_PROMPT.replace('\u0001', '\uFFFD')));
    expect(guardDollar('$50 or $text and $')).toBe('$\u206050 or $\u2060text and $');
    const ok = all(root, 'Choice').find((c) => c.getAttribute('alias') === 'ok')!;
    expect(ok.getAttribute('value')).toBe(`Fine "><img src=x onerror=alert(1)>`);
    expect(ok.getAttribute('hint')).toBe('line one\nline two');
    // The leading comment holds no `--` of its own (which would end or break it).
    expect(xml.slice(4, xml.indexOf('-->'))).not.toContain('--');
    expect(xml.indexOf('-->')).toBeLessThan(xml.indexOf('<View>'));
  });

  it('notes in the config what Label Studio cannot express (a rating that does not start at 1)', () => {
    expect(labelStudioConfig(hostileSet())).toContain('answers below 2 are rejected by validation');
  });
});

describe('sets Label Studio cannot express', () => {
  it('refuses a `when` over labels of two levels, naming the question', () => {
    const schema = {
      id: 'mixed',
      version: '1.0.0',
      questions: [
        { id: 'verdict', type: 'single', prompt: 'V?', options: [{ id: 'a', title: 'A', options: [{ id: 'a.x', title: 'AX' }] }, { id: 'b', title: 'B' }] },
        { id: 'more', type: 'text', prompt: 'More?', when: { question: 'verdict', answers: ['a.x', 'b'] } },
      ],
    };
    const set = memorySet(schema, guidelineFor('mixed', '1.0.0'));
    expect(() => labelStudioConfig(set)).toThrow(ExportError);
    expect(() => labelStudioConfig(set)).toThrow(/mixed question more: when names labels/);
  });

  it('refuses a set without a schema with the file name', () => {
    const set = memorySet('{ not json', guidelineFor('broken', '1.0.0'));
    expect(() => labelStudioConfig(set)).toThrow(/schema\.json/);
  });

  it('uses a Taxonomy for a hierarchy no question depends on, and reads its paths back', () => {
    const schema = {
      id: 'tax',
      version: '1.0.0',
      questions: [{ id: 'kind', type: 'multi', prompt: 'Kind?', options: [{ id: 'animal', title: 'Animal', options: [{ id: 'animal.cat', title: 'Cat' }, { id: 'animal.dog', title: 'Dog' }] }, { id: 'plant', title: 'Plant' }] }],
    };
    const set = memorySet(schema, guidelineFor('tax', '1.0.0'));
    const root = parse(labelStudioConfig(set));
    expect(all(root, 'Taxonomy').map((t) => t.getAttribute('name'))).toEqual(['kind']);
    expect(all(root, 'Choices')).toEqual([]);
    const layout = labelStudioLayout(setTree(set));
    const result = toLabelStudioResult(layout, { kind: ['animal.dog', 'plant'] });
    expect(result).toEqual([{ id: 'r1', from_name: 'kind', to_name: 'text', type: 'taxonomy', value: { taxonomy: [['Animal', 'Dog'], ['Plant']] } }]);
    expect(fromLabelStudioResult(set, result)).toEqual({ answers: { kind: ['animal.dog', 'plant'] }, errors: [] });
  });
});

describe('fromLabelStudioResult on bad or stale results', () => {
  const set = realSet('hate-speech');

  it('names the result item and field of what it cannot read', () => {
    const out = fromLabelStudioResult(set, [
      { from_name: 'nope', to_name: 'text', type: 'choices', value: { choices: ['none'] } },
      { from_name: 'verdict', to_name: 'text', type: 'choices', value: { choices: ['hate.unknown'] } },
      { from_name: 'spans', to_name: 'text', type: 'labels', value: { start: 5, end: 2, labels: ['span.attack'] } },
      { from_name: 'rationale', to_name: 'text', type: 'textarea', value: { text: 42 } },
      'garbage',
    ]);
    expect(out.errors.map((e) => e.path)).toEqual(['/0/from_name', '/2/value', '/3/value/text', '/4', '/1/value/choices/0']);
    expect(out.errors[0]!.message).toMatch(/Unexpected control "nope", expected one of verdict, verdict__hate.violence/);
    expect(out.errors[4]!.message).toMatch(/Unexpected choice "hate.unknown" in verdict/);
    expect(fromLabelStudioResult(set, { not: 'an array' }).errors).toEqual([{ path: '', message: 'Unexpected {"not":"an array"}, expected a Label Studio result array' }]);
  });

  it('follows the chain only along what is selected and drops a hidden question\'s stale value', () => {
    const out = fromLabelStudioResult(set, [
      { from_name: 'verdict', to_name: 'text', type: 'choices', value: { choices: ['none'] } },
      // Left over from before the labeler switched to "none": hidden now, not an answer.
      { from_name: 'verdict__hate.violence', to_name: 'text', type: 'choices', value: { choices: ['hate.violence.call'] } },
      { from_name: 'target', to_name: 'text', type: 'choices', value: { choices: ['target.religion'] } },
      { from_name: 'rationale', to_name: 'text', type: 'textarea', value: { text: ['a', 'b'] } },
    ]);
    expect(out).toEqual({ answers: { verdict: 'none', rationale: 'a\nb' }, errors: [] });
  });

  it('takes a parent label when the labeler chose no child', () => {
    const out = fromLabelStudioResult(set, [{ from_name: 'verdict', to_name: 'text', type: 'choices', value: { choices: ['hate.violence'] } }, { from_name: 'target', to_name: 'text', type: 'choices', value: { choices: ['target.religion'] } }]);
    expect(out.answers).toEqual({ verdict: 'hate.violence', target: ['target.religion'] });
  });
});
