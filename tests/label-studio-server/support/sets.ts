/**
 * Guideline sets to deliver: the real ones of guidelines/, and versions of a
 * small set (the clean-set fixture) that change the way a team's sets change:
 * a minor version deprecating a label, and a major version removing it.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createNodeHost, packBundle, type Bundle } from '@rubric/core';
import { inject } from 'vitest';
import { writeSampleSet } from '../../registry/helpers.js';
import type { LsRegistry } from './label-studio.js';

/** A new folder for sets, inside the run's temporary folder (removed when the run ends). */
export function setsDir(): string {
  return mkdtempSync(join(inject('workDir'), 'set-'));
}

/** The bundle `rubric pack` makes of a set folder. */
export function bundleOf(dir: string): Bundle {
  const { bundle, set } = packBundle(dir, createNodeHost());
  if (!bundle) throw new Error(`Cannot pack ${dir}: ${JSON.stringify(set.problems)}`);
  return bundle;
}

/**
 * Versions of a small set `id` in `parent`: 1.0.0; 1.1.0 deprecates
 * abuse.threat; 2.0.0 removes it (its section and examples go too). Returns
 * the folder of each.
 */
export function smallSetVersions(parent: string, id: string): { v100: string; v110: string; v200: string } {
  const v100 = writeSampleSet(join(parent, '1.0.0'), { id, version: '1.0.0' });
  const v110 = writeSampleSet(join(parent, '1.1.0'), { id, version: '1.1.0', deprecateThreat: '1.1.0', changelog: ['1.1.0', '1.0.0'] });
  const v200 = writeSampleSet(join(parent, '2.0.0'), { id, version: '2.0.0', changelog: ['2.0.0', '1.1.0', '1.0.0'] });
  const schemaFile = join(v200, 'schema.json');
  writeFileSync(schemaFile, readFileSync(schemaFile, 'utf8').replace(/,\s*\{ "id": "abuse\.threat"[^}]*\}/, ''));
  const guidelineFile = join(v200, 'guideline.md');
  const guideline = readFileSync(guidelineFile, 'utf8')
    // The threat section and its examples.
    .replace(/#### `abuse\.threat` Threat\n[\s\S]*?(?=### `target\.person`)/, '')
    .replace('### 2.0.0 - 2026-02-01\n\n- Changes of 2.0.0.\n', '### 2.0.0 - 2026-02-01\n\n- Removed abuse.threat: threats move to the violent-speech set.\n')
    // The removed threat example was target.group's positive one.
    .replace('### `target.group` A group\n', '### `target.group` A group\n\n```example\ntext: "People like you are all idiots."\nanswers:\n  verdict: abuse.insult\n  target: [target.group]\nwhy: It insults a whole group.\n```\n');
  writeFileSync(guidelineFile, guideline);
  return { v100, v110, v200 };
}

/** Publishes a set folder (quorum 0: published at once); returns the version's manifest. */
export async function publish(reg: LsRegistry, dir: string): Promise<{ setId: string; version: string; contentHash: string }> {
  const bundle = bundleOf(dir);
  const { setId, version } = bundle.manifest;
  const settings = await reg.request('PUT', `/v1/sets/${setId}/settings`, { quorum: 0 });
  if (settings.status !== 200) throw new Error(`PUT settings: ${settings.status} ${settings.text}`);
  const res = await reg.request('POST', `/v1/sets/${setId}/versions`, bundle);
  if (res.status !== 201 && res.status !== 200) throw new Error(`publish ${setId}@${version}: ${res.status} ${res.text}`);
  return { setId, version, contentHash: res.json.contentHash as string };
}
