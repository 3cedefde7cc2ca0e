/**
 * The guideline.md skeleton `rubric import label-studio` writes next to the
 * imported schema.json: frontmatter, a Scope to write, a section per label
 * with TODO markers, example stubs, and a changelog entry.
 *
 * A fresh skeleton lints with warnings only (the `no-todo` markers): every
 * leaf label of every labelled question gets a positive stub and a negative
 * one (a borderline one when its question offers nothing else), each with a
 * text of its own, in the label's section; each stub answers the questions
 * it must (the ones its `when` needs, and every required question that is
 * asked), so it is a valid answer to the schema and a usable gold task.
 */

/** An option of the imported schema.json. */
export interface ImportedOption {
  id: string;
  title: string;
  exportValue?: string;
  description?: string;
  hotkey?: string;
  options?: ImportedOption[];
}

/** A question of the imported schema.json. */
export interface ImportedQuestion {
  id: string;
  type: 'single' | 'multi' | 'text' | 'rating' | 'span';
  prompt: string;
  description?: string;
  required?: boolean;
  when?: { question: string; answers: string[] };
  max?: number;
  min?: number;
  maxLength?: number;
  pairwise?: boolean;
  options?: ImportedOption[];
}

/** The imported schema.json. */
export interface ImportedSchema {
  id: string;
  version: string;
  title: string;
  item?: { format: 'html' };
  questions: ImportedQuestion[];
}

/** What the skeleton needs besides the schema. */
export interface SkeletonOptions {
  owner?: string;
  /** YYYY-MM-DD of the changelog entry. */
  today?: string;
  /** Fixed texts the config showed labelers (banners), kept in the Scope so they are not lost. */
  fixedTexts?: string[];
}

/** Every option of a tree, depth first, with its depth. */
function flatten(options: ImportedOption[] = [], depth = 0): { option: ImportedOption; depth: number }[] {
  return options.flatMap((o) => [{ option: o, depth }, ...flatten(o.options, depth + 1)]);
}

/** Markdown that shows `text` literally in a heading: no emphasis, code, links or HTML. */
function literal(text: string): string {
  return text.replace(/\s+/g, ' ').trim().replace(/[\\`*_{}[\]()<>#+!|~&]/g, (c) => `\\${c}`);
}

/** `text` in a fenced block that no line of it can close. */
function fenced(text: string): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}text\n${text}\n${fence}`;
}

type Answer = string | string[] | { label: string; text: string }[] | number;

/** Writes example stubs that are valid answers to the schema (see the module comment). */
class StubWriter {
  private readonly byId = new Map<string, ImportedQuestion>();
  private readonly parentOf = new Map<string, string>();
  private readonly ids = new Set<string>();

  constructor(private readonly questions: ImportedQuestion[]) {
    for (const q of questions) {
      this.byId.set(q.id, q);
      const walk = (options: ImportedOption[] = [], parent?: string): void => {
        for (const o of options) {
          if (parent !== undefined) this.parentOf.set(o.id, parent);
          walk(o.options, o.id);
        }
      };
      walk(q.options);
    }
  }

  /** The positive stub and the negative (or borderline) stub of leaf `label` of `q`. */
  stubs(q: ImportedQuestion, label: ImportedOption): string[] {
    const leaves = flatten(q.options).filter((f) => !f.option.options?.length).map((f) => f.option);
    const other = leaves.find((o) => o.id !== label.id);
    const positive = this.example(`${label.id}-positive`, 'positive', `TODO: a text that clearly is \`${label.id}\`.`, q, label.id, `TODO: why this is \`${label.id}\`.`);
    const negative =
      q.type === 'span' || other
        ? this.example(`${label.id}-negative`, 'negative', `TODO: a text close to \`${label.id}\` that is not it.`, q, q.type === 'span' ? undefined : other!.id, `TODO: why this is not \`${label.id}\`.`)
        : this.example(`${label.id}-borderline`, 'borderline', `TODO: a hard case of \`${label.id}\`.`, q, label.id, `TODO: why this is still \`${label.id}\`.`);
    return [positive, negative];
  }

  /** One example block answering `q` with `labelId` (for span questions, one span of it; none when undefined). */
  private example(wantedId: string, kind: string, text: string, q: ImportedQuestion, labelId: string | undefined, why: string): string {
    const answers = new Map<string, Answer>();
    const quote = `the part that is ${labelId ?? 'none of it'}`;
    const fullText = q.type === 'span' && labelId !== undefined ? `${text.slice(0, -1)}: ${quote}.` : text;
    answers.set(q.id, this.answerOf(q, labelId, quote));
    // The conditions that ask q: each trigger answered with the first label its `when` names.
    for (let cur = q; cur.when; ) {
      const trigger = this.byId.get(cur.when.question);
      if (!trigger || answers.has(trigger.id)) break;
      const need = cur.when.answers[0]!;
      answers.set(trigger.id, trigger.type === 'multi' ? [need] : need);
      cur = trigger;
    }
    // Every required question that is asked, until nothing changes (an answer can ask another question).
    for (let changed = true; changed; ) {
      changed = false;
      for (const r of this.questions) {
        if (!r.required || answers.has(r.id) || !this.asked(r, answers)) continue;
        answers.set(r.id, this.answerOf(r, this.firstLeaf(r), `the part that is ${this.firstLeaf(r) ?? 'none of it'}`, true));
        changed = true;
      }
    }
    let id = wantedId.replace(/[^a-z0-9-]+/g, '-');
    for (let n = 2; this.ids.has(id); n++) id = `${wantedId.replace(/[^a-z0-9-]+/g, '-')}-${n}`;
    this.ids.add(id);
    const lines = ['```example', `id: ${id}`, `kind: ${kind}`, `text: ${JSON.stringify(fullText)}`, 'answers:'];
    // Schema order, so the stubs read the way the questions are asked.
    for (const other of this.questions) if (answers.has(other.id)) lines.push(`  ${other.id}: ${JSON.stringify(answers.get(other.id))}`);
    lines.push(`why: ${JSON.stringify(why)}`, '```');
    return lines.join('\n');
  }

  /** The answer of `q` naming `labelId`; a default answer for the other question types. */
  private answerOf(q: ImportedQuestion, labelId: string | undefined, quote: string, asDefault = false): Answer {
    switch (q.type) {
      case 'single':
        return labelId ?? '';
      case 'multi':
        return labelId === undefined ? [] : [labelId];
      case 'span':
        // A default answer to a span question marks nothing: a span quote must stand in the text.
        return labelId === undefined || asDefault ? [] : [{ label: labelId, text: quote }];
      case 'text':
        return 'TODO: what a labeler writes here.';
      case 'rating':
        return q.min ?? 1;
    }
  }

  private firstLeaf(q: ImportedQuestion): string | undefined {
    return flatten(q.options).find((f) => !f.option.options?.length)?.option.id;
  }

  /** Whether `q` is asked given `answers`: no `when`, or its trigger's answer names a `when` label or a label below one. */
  private asked(q: ImportedQuestion, answers: Map<string, Answer>): boolean {
    if (!q.when) return true;
    const given = answers.get(q.when.question);
    const ids = typeof given === 'string' ? [given] : Array.isArray(given) ? given.filter((g): g is string => typeof g === 'string') : [];
    return ids.some((id) => {
      for (let cur: string | undefined = id; cur !== undefined; cur = this.parentOf.get(cur)) if (q.when!.answers.includes(cur)) return true;
      return false;
    });
  }
}

/** The guideline.md skeleton of an imported schema. */
export function skeleton(schema: ImportedSchema, options: SkeletonOptions = {}): string {
  const today = options.today ?? new Date().toISOString().slice(0, 10);
  const owner = options.owner ?? 'TODO@example.org';
  const out: string[] = [
    '---',
    `id: ${schema.id}`,
    `title: ${JSON.stringify(schema.title)}`,
    `version: ${schema.version}`,
    'status: draft',
    'schema: schema.json',
    `owners: [${JSON.stringify(owner)}]`,
    '---',
    '',
    `# ${literal(schema.title)}`,
    '',
    '## Scope',
    '',
    'TODO: say what content this policy covers, what it does not, and which other policy handles the content next to it.',
    '',
    'This set was imported from a Label Studio labeling config by `rubric import label-studio`.',
    '',
  ];
  for (const text of options.fixedTexts ?? []) out.push('The config showed labelers this fixed text:', '', fenced(text), '');
  out.push('## Labels', '');
  const stubs = new StubWriter(schema.questions);
  for (const q of schema.questions) {
    for (const { option, depth } of flatten(q.options)) {
      out.push(`${'#'.repeat(Math.min(3 + depth, 6))} \`${option.id}\` ${literal(option.title)}`, '');
      out.push(`TODO: define \`${option.id}\` (question ${q.id}): what it is, the decision rules, and the closest cases that are not it.`, '');
      if (!option.options?.length) for (const stub of stubs.stubs(q, option)) out.push(stub, '');
    }
  }
  out.push('## Changelog', '', `### ${schema.version} - ${today}`, '', '- Imported from a Label Studio labeling config.', '');
  return out.join('\n');
}
