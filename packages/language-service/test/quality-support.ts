/**
 * Quality reports of the fixture set `mini`, computed by @rubric/quality from
 * synthetic annotations (three annotators, 40 items): the same statistics
 * `rubric quality -f json` writes, so the tests read real reports.
 */
import { createMemoryHost, loadSet } from '@rubric/core';
import { QualityAccumulator, type QualityReport } from '@rubric/quality';
import { fixture } from './helpers.js';

/** The fixture set, at another version when asked (both files). */
export function miniSet(version = '1.1.0') {
  const host = createMemoryHost({
    '/m/guideline.md': fixture.guideline.replace('version: 1.1.0', `version: ${version}`),
    '/m/schema.json': fixture.schema.replace('"version": "1.1.0"', `"version": "${version}"`),
  });
  return loadSet('/m', host);
}

/**
 * A report of `mini` at `version`: items 0-19 agreed on (none, insult, threat), and of items 20-39
 * the first `split` have a1 and a3 saying insult and a2 threat (the rest agree on insult).
 */
export function miniReport(version: string, split: number): QualityReport {
  const acc = new QualityAccumulator(miniSet(version));
  for (let i = 0; i < 40; i++) {
    const agreed = i < 10 ? 'none' : i < 15 ? 'abuse.insult' : i < 20 ? 'abuse.threat' : 'abuse.insult';
    for (const annotator of ['a1', 'a2', 'a3']) {
      const verdict = i >= 20 && i < 20 + split && annotator === 'a2' ? 'abuse.threat' : agreed;
      const outcome = acc.add({ set: 'mini', version, item: { id: `t-${i}`, text: `Item ${i}: you are a clown and I will find you.` }, annotator, answers: { verdict } });
      if (outcome.used !== 1) throw new Error(`record t-${i} ${annotator} was not used: ${JSON.stringify(acc.report().problems)}`);
    }
  }
  return acc.report();
}
