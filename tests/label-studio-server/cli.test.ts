/**
 * `rubric label-studio push|pull` against the real server, for a team
 * without a registry: push delivers a set folder (and pushing it again
 * changes nothing), pull reads the annotations back as neutral records of
 * the version each was made under (1.0.0 before the push of 1.1.0, 1.1.0
 * after), with the annotator, validated against the set folders given; and
 * the failures a team meets (no token, a wrong one, Label Studio down, a
 * version whose folder is missing) end with a message and exit code.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { closedPort, rubricAsync } from '../registry/helpers.js';
import { adminClient, labelStudio } from './support/label-studio.js';
import { setsDir, smallSetVersions } from './support/sets.js';

const client = adminClient();
const env = (): Record<string, string> => ({ LABEL_STUDIO_URL: labelStudio().url, LABEL_STUDIO_API_KEY: labelStudio().token });

/** An insult against a person, in the small set's chain of controls. */
const INSULT = [
  { from_name: 'verdict', to_name: 'text', type: 'choices', value: { choices: ['abuse'] } },
  { from_name: 'verdict__abuse', to_name: 'text', type: 'choices', value: { choices: ['abuse.insult'] } },
  { from_name: 'target', to_name: 'text', type: 'choices', value: { choices: ['target.person'] } },
];

/** Imports a task and annotates it as the admin; returns the annotation's time. */
async function annotate(projectId: number, text: string): Promise<void> {
  await client.importTasks(projectId, [{ data: { text } }]);
  const task = (await client.listTasks(projectId)).find((t) => t.data.text === text)!;
  await client.createAnnotation(task.id, { result: INSULT });
}

describe('rubric label-studio', () => {
  const small = smallSetVersions(setsDir(), 'cli-small');
  let projectId: number;

  it('push creates the project of the set\'s major version; pushing again changes nothing', async () => {
    const first = await rubricAsync(['label-studio', 'push', small.v100, '--project', 'create'], undefined, env());
    expect(first.code, first.stderr).toBe(0);
    const url = first.stdout.trim();
    expect(url).toMatch(new RegExp(`^${labelStudio().url}/projects/\\d+/$`));
    projectId = Number(/projects\/(\d+)\//.exec(url)![1]);
    expect(first.stderr).toBe(`cli-small 1.0.0: created project ${projectId}; gold tasks: 8 imported, 0 already there\n`);
    const project = await client.getProject(projectId);
    expect(project.title).toBe('cli-small 1.0.0: Base set of the rule examples');
    expect(project.description).toContain('rubric:target=cli-small/cli rubric:major=1');
    const again = await rubricAsync(['label-studio', 'push', small.v100, '--project', 'create'], undefined, env());
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toBe(`cli-small 1.0.0: project already had it: ${projectId}; gold tasks: 0 imported, 8 already there\n`);
    expect((await client.listTasks(projectId)).length).toBe(8);
  });

  it('pull gives each annotation as a record of the version the project held when it was made, with the annotator', async () => {
    await annotate(projectId, 'You are a clown, Dave.');
    await new Promise((r) => setTimeout(r, 1100));
    const pushed = await rubricAsync(['label-studio', 'push', small.v110, '--project', 'create'], undefined, env());
    expect(pushed.code, pushed.stderr).toBe(0);
    expect(pushed.stderr).toContain(`cli-small 1.1.0: updated project ${projectId}`);
    await new Promise((r) => setTimeout(r, 1100));
    await annotate(projectId, 'What a clown you are, Sam.');
    const out = join(setsDir(), 'records.jsonl');
    const pulled = await rubricAsync(['label-studio', 'pull', '--project', String(projectId), '--set', small.v100, '--set', small.v110, '-o', out], undefined, env());
    expect(pulled.code, pulled.stderr).toBe(0);
    expect(pulled.stderr).toBe(`pulled 2 annotations of cli-small from project ${projectId} (1 of 1.0.0, 1 of 1.1.0): 0 invalid; left out 0 skipped and 8 ground-truth\n`);
    const records = readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, any>);
    expect(records.map((r) => [r.item.text, r.version, r.annotator, r.answers])).toEqual([
      ['You are a clown, Dave.', '1.0.0', labelStudio().username, { verdict: 'abuse.insult', target: ['target.person'] }],
      ['What a clown you are, Sam.', '1.1.0', labelStudio().username, { verdict: 'abuse.insult', target: ['target.person'] }],
    ]);
    expect(records[0]).toMatchObject({ set: 'cli-small', contentHash: expect.stringMatching(/^[0-9a-f]{64}$/), labelStudio: { project: projectId } });
    expect(records[0]!.contentHash).not.toBe(records[1]!.contentHash);

    // Without the folder of 1.0.0, its record cannot be checked: said, exit 1, the records still written.
    const partial = await rubricAsync(['label-studio', 'pull', '--project', String(projectId), '--set', small.v110], undefined, env());
    expect(partial.code).toBe(1);
    expect(partial.stdout.trim().split('\n')).toHaveLength(2);
    expect(partial.stderr).toMatch(/^project \d+ task \d+ annotation \d+ \(record 0, line 1\): \/version: Unexpected version 1\.0\.0 of cli-small, expected a version this reader has/m);
    expect(partial.stderr).toContain('1 invalid');
  });

  it('refuses what it cannot do: no token (2), a wrong token, Label Studio down, a project that is not Rubric\'s (1)', async () => {
    const noToken = await rubricAsync(['label-studio', 'pull', '--project', String(projectId), '--set', small.v110], undefined, { LABEL_STUDIO_URL: labelStudio().url, LABEL_STUDIO_API_KEY: '' });
    expect(noToken.code).toBe(2);
    expect(noToken.stderr).toBe('rubric: Missing the Label Studio token: set $LABEL_STUDIO_API_KEY to a legacy token or a personal access token (Label Studio: Account & Settings)\n');
    const wrong = await rubricAsync(['label-studio', 'push', small.v110, '--project', 'create'], undefined, { ...env(), LABEL_STUDIO_API_KEY: 'wrong-token-0123456789' });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toBe('rubric: Label Studio answered GET /api/projects/?page=1&page_size=100 with HTTP 401: Invalid token. (a legacy token: check it, and that legacy tokens are enabled for the organization; or use a personal access token)\n');
    const port = await closedPort();
    const down = await rubricAsync(['label-studio', 'pull', '--url', `http://127.0.0.1:${port}`, '--project', '1', '--set', small.v110], undefined, env());
    expect(down.code).toBe(1);
    expect(down.stderr).toBe(`rubric: Label Studio at http://127.0.0.1:${port} cannot be reached (ECONNREFUSED)\n`);
    const foreign = (await client.createProject({ title: 'Not Rubric\'s' })).id;
    const notOurs = await rubricAsync(['label-studio', 'pull', '--project', String(foreign), '--set', small.v110], undefined, env());
    expect(notOurs.code).toBe(1);
    expect(notOurs.stderr).toBe(`rubric: Label Studio project ${foreign} holds no Rubric guideline: its description has no delivery history and its labeling config names no Rubric version (deliver a version to it first)\n`);
    const usage = await rubricAsync(['label-studio', 'pull', '--project', 'create', '--set', small.v110], undefined, env());
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('Unexpected --project "create", expected a Label Studio project id (a positive integer); "create" is for push');
  });
});
