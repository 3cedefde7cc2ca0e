/**
 * example-syntax: every ```example block is a YAML mapping with a non-empty
 * `text`, an `answers` mapping and a non-empty `why`, only the documented keys,
 * a known `kind`, and an `id` unique across the set's examples.
 */
import { defineRule } from '../lint/define-rule.js';
import type { Fix } from '../lint/types.js';
import { EXAMPLE_KINDS, type Example } from '../model.js';
import type { Range } from '../position.js';
import { didYouMean, isRecord, orList } from '../util.js';
import { describeYamlValue } from './helpers.js';

/** The keys an example may have, in the order the format documents them. */
const KNOWN_KEYS = ['id', 'kind', 'text', 'answers', 'why'] as const;
type KnownKey = (typeof KNOWN_KEYS)[number];

const REQUIRED: { key: KnownKey; expected: string }[] = [
  { key: 'text', expected: 'the content as the labeler sees it' },
  { key: 'answers', expected: 'a mapping of question id to answer' },
  { key: 'why', expected: 'the reasoning a labeler should follow' },
];

export default defineRule({
  meta: {
    id: 'example-syntax',
    description: 'Every example block is YAML with a non-empty text, an answers mapping and a non-empty why, only known keys, a known kind and a unique id.',
    defaultLevel: 'error',
    messages: {
      yamlSyntax: 'Unexpected YAML syntax in the example: {{problem}}',
      notAMapping: 'Unexpected {{found}} as an example, expected a mapping with text, answers and why',
      missingKey: 'Missing `{{key}}` in the example, expected {{expected}}',
      invalidValue: 'Unexpected {{found}} as `{{key}}`, expected {{expected}}',
      unknownKey: 'Unexpected key `{{key}}` in the example, expected {{keys}}.{{hint}}',
      unknownKind: 'Unexpected kind {{found}}, expected {{kinds}}.{{hint}}',
      duplicateId: 'Unexpected example id `{{id}}`, expected ids unique in the set',
    },
    defaultOptions: {},
    fixable: true,
  },
  check({ set, report }) {
    const doc = set.guideline;
    if (!doc) return;
    const file = doc.file;
    const firstIds = new Map<string, Example>();
    for (const example of doc.examples) {
      // The opening fence line: where findings about the block as a whole go.
      const fenceLine: Range = doc.lines.lineRange(example.range.start.line);
      if (example.errors.length) {
        for (const e of example.errors) report({ messageId: 'yamlSyntax', data: { problem: e.message }, file, range: e.range });
        continue;
      }
      const data = example.data;
      if (!isRecord(data)) {
        report({ messageId: 'notAMapping', data: { found: data === null || data === undefined ? 'an empty block' : describeYamlValue(data) }, file, range: fenceLine });
        continue;
      }

      // Unknown keys first: a typo like `answer` explains a missing `answers`.
      const explained = new Set<string>();
      for (const key of Object.keys(data)) {
        if ((KNOWN_KEYS as readonly string[]).includes(key)) continue;
        const near = didYouMean(key, KNOWN_KEYS.filter((k) => !(k in data)));
        const range = example.keyRangeOf([key]) ?? fenceLine;
        const suggestions: Fix[] = near.map((n) => ({ description: `Rename to \`${n}\``, edits: [{ file, range, text: n }] }));
        if (near.length === 1 && near[0]) explained.add(near[0]);
        report({
          messageId: 'unknownKey',
          data: { key, keys: orList([...KNOWN_KEYS]), hint: near.length ? ` Did you mean ${orList(near)}?` : '' },
          file,
          range,
          // Renaming to a key the example lacks cannot clash with another key.
          ...(near.length === 1 && suggestions[0] ? { fix: suggestions[0] } : {}),
          ...(suggestions.length ? { suggestions } : {}),
        });
      }

      for (const { key, expected } of REQUIRED) {
        if (!(key in data)) {
          if (!explained.has(key)) report({ messageId: 'missingKey', data: { key, expected }, file, range: fenceLine });
          continue;
        }
        const value = data[key];
        const ok = key === 'answers' ? isRecord(value) : typeof value === 'string' && value.trim() !== '';
        if (!ok) {
          report({
            messageId: 'invalidValue',
            data: { key, found: describeYamlValue(value), expected: key === 'answers' ? expected : 'a non-empty string' },
            file,
            range: valueRange(example, key) ?? fenceLine,
          });
        }
      }

      if ('kind' in data && example.kind === undefined) {
        const raw = data.kind;
        const range = valueRange(example, 'kind') ?? fenceLine;
        const lower = typeof raw === 'string' ? raw.trim().toLowerCase() : undefined;
        // `Positive` is the right kind in the wrong case; otherwise look for a typo.
        const near = lower === undefined ? [] : EXAMPLE_KINDS.filter((k) => k === lower).length ? [lower] : didYouMean(lower, EXAMPLE_KINDS);
        const suggestions: Fix[] = near.map((n) => ({ description: `Replace with \`${n}\``, edits: [{ file, range, text: n }] }));
        report({
          messageId: 'unknownKind',
          data: { found: typeof raw === 'string' && raw.trim() !== '' ? `\`${raw}\`` : describeYamlValue(raw), kinds: orList([...EXAMPLE_KINDS]), hint: near.length ? ` Did you mean ${orList(near)}?` : '' },
          file,
          range,
          ...(near.length === 1 && suggestions[0] ? { fix: suggestions[0] } : {}),
          ...(suggestions.length ? { suggestions } : {}),
        });
      }

      if ('id' in data) {
        const raw = data.id;
        const range = valueRange(example, 'id') ?? fenceLine;
        if ((typeof raw !== 'string' && typeof raw !== 'number') || String(raw).trim() === '') {
          report({ messageId: 'invalidValue', data: { key: 'id', found: describeYamlValue(raw), expected: 'a non-empty string' }, file, range });
        } else {
          const id = String(raw);
          const first = firstIds.get(id);
          if (!first) firstIds.set(id, example);
          else {
            report({
              messageId: 'duplicateId',
              data: { id },
              file,
              range,
              related: [{ file, range: first.rangeOf(['id']) ?? first.range, message: `first example with id \`${id}\` here` }],
            });
          }
        }
      }
    }
  },
});

/** Range of a top-level value; for an empty value (`text:`), the key, since the value's range is empty. */
function valueRange(example: Example, key: string): Range | undefined {
  const range = example.rangeOf([key]);
  return range && range.start.offset === range.end.offset ? (example.keyRangeOf([key]) ?? range) : range;
}
