/**
 * A hostile guideline set for the editor tests: a copy of a real set whose
 * schema prompt and option title, and one example's text, carry markup,
 * script, an event-handler attribute, XML-breaking characters and bidi
 * overrides. Every payload sets `window.__pwned` if it ever runs, so a test
 * can assert that nothing ran (the canary) and not only that nothing showed.
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Text of the hostile example, exactly as the labeler must see it. */
export const HOSTILE_TEXT =
  `<script>window.__pwned = 'script'</script>"><img src=x onerror="window.__pwned = 'img'">` +
  ` \u202Eevil\u202C & </Text></View> <![CDATA[ ]]> &amp; {{x}} ok`;

/** Prompt of the hostile schema's first question. */
export const HOSTILE_PROMPT = `Is it <b>bad</b> & "quoted" 'single' <script>window.__pwned = 'prompt'</script> ]]> \u202Eright-to-left\u202C, for $50 or $text?`;

/** Title of the hostile schema's first option. */
export const HOSTILE_TITLE = `No violence "><img src=x onerror="window.__pwned = 'title'"> & <i>more</i>`;

/** Id of the hostile example. */
export const HOSTILE_EXAMPLE_ID = 'hostile-markup-1';

/** Copies `sourceDir` (a real set whose first question is `verdict` with a first option) into a temp folder under `parent` and makes it hostile. */
export function makeHostileSet(sourceDir: string, parent: string): string {
  const dir = mkdtempSync(join(parent, 'hostile-set-'));
  cpSync(sourceDir, dir, { recursive: true });

  const schemaPath = join(dir, 'schema.json');
  const schema = JSON.parse(readFileSync(schemaPath, 'utf8')) as { questions: { prompt: string; options: { id: string; title: string }[] }[] };
  const first = schema.questions[0]!;
  first.prompt = HOSTILE_PROMPT;
  first.options[0]!.title = HOSTILE_TITLE;
  writeFileSync(schemaPath, `${JSON.stringify(schema, null, 2)}\n`);

  // The example goes right after the first option's first example, answered with that option.
  const guidelinePath = join(dir, 'guideline.md');
  const guideline = readFileSync(guidelinePath, 'utf8');
  const firstExampleEnd = guideline.indexOf('\n```\n', guideline.indexOf('```example')) + '\n```\n'.length;
  const block = [
    '',
    '```example',
    `id: ${HOSTILE_EXAMPLE_ID}`,
    'kind: negative',
    `text: ${JSON.stringify(HOSTILE_TEXT)}`,
    'answers:',
    `  verdict: ${first.options[0]!.id}`,
    'why: Markup in a text is text; the labeler must see it as written.',
    '```',
    '',
  ].join('\n');
  writeFileSync(guidelinePath, guideline.slice(0, firstExampleEnd) + block + guideline.slice(firstExampleEnd));
  return dir;
}
