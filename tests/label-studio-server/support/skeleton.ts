/**
 * What a team does with the skeleton `rubric import label-studio` writes
 * before it publishes: a finished guideline. Written from the imported
 * schema: a definition per label, a positive and a negative example per leaf
 * label (distinct texts, answers that fit the schema), owners, the version,
 * status approved, and a changelog entry. The schema is kept as imported (its
 * labels and export values are what the project's annotations use), with the
 * placeholder prompts filled in.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

interface Option {
  id: string;
  title: string;
  options?: Option[];
}

interface QuestionJson {
  id: string;
  type: 'single' | 'multi' | 'span' | 'text' | 'rating';
  prompt: string;
  options?: Option[];
}

/** Every option of a tree, parents first. */
function flatten(options: Option[] = []): Option[] {
  return options.flatMap((o) => [o, ...flatten(o.options)]);
}

/** YAML double-quoted string. */
const q = (s: string): string => JSON.stringify(s);

/** An example block. */
function example(id: string, kind: string, text: string, answers: string, why: string): string {
  return ['```example', `id: ${id}`, `kind: ${kind}`, `text: ${q(text)}`, 'answers:', answers, `why: ${q(why)}`, '```', ''].join('\n');
}

/** The answer lines of a question for one label. */
function answerOf(question: QuestionJson, label: Option): string {
  if (question.type === 'span') return `  ${question.id}:\n    - text: ${q(label.title)}\n      label: ${label.id}`;
  if (question.type === 'multi') return `  ${question.id}: [${label.id}]`;
  return `  ${question.id}: ${label.id}`;
}

/** Finishes the imported set in `dir` as version `version`, approved. */
export function finishImportedSet(dir: string, version: string): void {
  const schemaFile = join(dir, 'schema.json');
  const schema = JSON.parse(readFileSync(schemaFile, 'utf8')) as { id: string; version: string; title?: string; questions: QuestionJson[] };
  schema.version = version;
  for (const question of schema.questions) if (question.prompt.startsWith('TODO')) question.prompt = `Which ${question.id} applies?`;
  writeFileSync(schemaFile, `${JSON.stringify(schema, null, 2)}\n`);
  const guidelineFile = join(dir, 'guideline.md');
  const skeleton = readFileSync(guidelineFile, 'utf8');
  const raw = /^title: (.*)$/m.exec(skeleton)?.[1]?.trim() ?? schema.id;
  const plain = raw.startsWith('"') ? (JSON.parse(raw) as string) : raw;
  const sections: string[] = [];
  for (const question of schema.questions) {
    const all = flatten(question.options);
    const leaves = all.filter((o) => !o.options?.length);
    for (const label of all) {
      sections.push(`### \`${label.id}\` ${label.title}\n`, `Use \`${label.id}\` when the text is about ${label.title}.\n`);
      if (label.options?.length) continue;
      const other = leaves.find((o) => o.id !== label.id)!;
      const positive = question.type === 'span' ? `Here ${label.title} is named.` : `A text about ${label.title}, plainly.`;
      const negative = question.type === 'span' ? `Here ${other.title} is named instead of the other one.` : `A text about ${other.title}, not ${label.title}.`;
      sections.push(example(`${label.id.replace(/\./g, '-')}-pos`, 'positive', positive, answerOf(question, label), `It is about ${label.title}.`));
      sections.push(example(`${label.id.replace(/\./g, '-')}-neg`, 'negative', negative, answerOf(question, other), `It is about ${other.title}.`));
    }
  }
  const guideline = [
    '---',
    `id: ${schema.id}`,
    `title: ${q(plain)}`,
    `version: ${version}`,
    'status: approved',
    'schema: schema.json',
    'owners: [labeling-ops@example.org]',
    '---',
    '',
    `# ${plain}`,
    '',
    '## Scope',
    '',
    'The texts of our Label Studio project, as the team labels them.',
    '',
    '## Labels',
    '',
    ...sections,
    '## Changelog',
    '',
    `### ${version} - 2026-03-01`,
    '',
    '- Imported from our Label Studio project and written up.',
    '',
  ].join('\n');
  writeFileSync(guidelineFile, guideline);
}
