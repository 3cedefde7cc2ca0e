// Writes schema/rubric.config.schema.json from the built rules (run `npm run build` first).
// The committed copy is checked against the rules by test/repo-checks.test.ts.
import { writeFileSync } from 'node:fs';
import { configSchema, rules } from '../dist/index.js';

const target = new URL('../schema/rubric.config.schema.json', import.meta.url);
writeFileSync(target, `${JSON.stringify(configSchema(rules), null, 2)}\n`);
console.log(`wrote ${target.pathname}`);
