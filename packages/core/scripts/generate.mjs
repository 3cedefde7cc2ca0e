// Writes the files generated from the rules (run `npm run build` first):
// - schema/rubric.config.schema.json, the JSON Schema of rubric.config.json;
// - the rules table of docs/rules/README.md and the rules list of README.md.
// CI regenerates them and fails when the committed copies differ (.ci/run).
import { readFileSync, writeFileSync } from 'node:fs';
import { configSchema, rules } from '../dist/index.js';

const root = new URL('../../../', import.meta.url);

const schemaFile = new URL('packages/core/schema/rubric.config.schema.json', root);
writeFileSync(schemaFile, `${JSON.stringify(configSchema(rules), null, 2)}\n`);

/** Replaces the text between `<!-- name:start -->` and `<!-- name:end -->`. */
function fill(file, name, lines) {
  const url = new URL(file, root);
  const text = readFileSync(url, 'utf8');
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const a = text.indexOf(start);
  const b = text.indexOf(end);
  if (a < 0 || b < a) throw new Error(`${file} lacks the ${start} ... ${end} markers`);
  writeFileSync(url, `${text.slice(0, a + start.length)}\n${lines.join('\n')}\n${text.slice(b)}`);
}

const level = (r) => (r.meta.defaultLevel === 'warning' ? 'warning' : r.meta.defaultLevel);
fill('docs/rules/README.md', 'rules-table', rules.map((r) => `| [${r.meta.id}](${r.meta.id}.md) | ${r.meta.description.replace(/\|/g, '\\|')} | ${level(r)} | ${r.meta.fixable ? 'yes' : ''} |`));
fill('README.md', 'rules-list', rules.map((r) => `- [\`${r.meta.id}\`](docs/rules/${r.meta.id}.md) (${level(r)}${r.meta.fixable ? ', fixable' : ''}): ${r.meta.description}`));
console.log('wrote the config schema, the docs rules table and the README rules list');
