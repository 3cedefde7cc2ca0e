/**
 * `rubric export` and `rubric import label-studio` through the built binary:
 * every format of a real set written with its provenance, --stdout, refusal
 * of a set with lint errors (and --force), usage errors; import of a Label
 * Studio config into a set the linter reports TODOs in, and that exports
 * back; bad XML, overwrite protection. Never a stack trace.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { copyFixture, hasStackTrace, rubric, ROOT, tempDir } from '../support/cli.js';

const tmp = tempDir('rubric-export-');
afterAll(() => tmp.cleanup());

describe('rubric export', () => {
  it('writes every format of a set, each naming the set, version and content hash', () => {
    const r = rubric(['export', join(ROOT, 'guidelines/violent-speech'), '--to', 'all', '--out', join(tmp.dir, 'vs')], tmp.dir);
    expect(r.stderr).toMatch(/exported violent-speech 1\.2\.0 as label-studio, labelbox, argilla, cvat, sagemaker, jsonschema, gold: \d+ files/);
    expect(r.code).toBe(0);
    const files = r.stdout.trim().split('\n');
    expect(files).toContain('vs/label-studio/config.xml');
    expect(files).toContain('vs/jsonschema/annotation-record.schema.json');
    expect(files).toContain('vs/gold/gold.jsonl');
    for (const f of files) {
      const text = readFileSync(join(tmp.dir, f), 'utf8');
      expect(text, f).toContain('violent-speech');
      expect(text, f).toContain('1.2.0');
    }
    const hash = /rubric:contentHash=([0-9a-f]{64})/.exec(readFileSync(join(tmp.dir, 'vs/label-studio/config.xml'), 'utf8'))![1]!;
    for (const f of files.filter((x) => !x.endsWith('.html'))) expect(readFileSync(join(tmp.dir, f), 'utf8'), f).toContain(hash);
  });

  it('prints the main file with --stdout, the same bytes as written', () => {
    const r = rubric(['export', 'guidelines/hate-speech', '--to', 'label-studio', '--stdout']);
    expect(r.code).toBe(0);
    expect(r.stdout.startsWith('<!--')).toBe(true);
    const again = rubric(['export', 'guidelines/hate-speech', '--to', 'label-studio', '-o', join(tmp.dir, 'hs')]);
    expect(again.code).toBe(0);
    expect(readFileSync(join(tmp.dir, 'hs/label-studio/config.xml'), 'utf8')).toBe(r.stdout);
  });

  it('refuses a set with lint errors unless --force, and usage errors exit 2 with a message', () => {
    const dir = copyFixture('clean-set', tmp.dir);
    writeFileSync(join(dir, 'schema.json'), readFileSync(join(dir, 'schema.json'), 'utf8').replace('"type": "single"', '"type": "singel"'));
    const refused = rubric(['export', dir, '--to', 'jsonschema', '--stdout']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/has \d+ lint errors?; fix them first/);
    const forced = rubric(['export', dir, '--to', 'jsonschema', '--stdout', '--force']);
    expect(forced.code).toBe(1);
    expect(forced.stderr).toMatch(/cannot export .*Unexpected question type "singel"/);
    for (const args of [['export'], ['export', 'guidelines/hate-speech'], ['export', 'guidelines/hate-speech', '--to', 'excel'], ['export', 'nope', '--to', 'gold'], ['export', 'guidelines/hate-speech', '--to', 'all', '--stdout']]) {
      const r = rubric(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.length).toBeGreaterThan(10);
      expect(hasStackTrace(r.stderr)).toBe(false);
    }
  });
});

describe('rubric import label-studio', () => {
  const config = `<View>
  <Header value="Is the comment toxic?"/>
  <Choices name="toxic" toName="text" choice="single-radio" required="true">
    <Choice value="Toxic" alias="toxic"/>
    <Choice value="Not toxic" alias="ok"/>
  </Choices>
  <View visibleWhen="choice-selected" whenTagName="toxic" whenChoiceValue="toxic">
    <Header value="What kind?"/>
    <Choices name="kind" toName="text" choice="multiple"><Choice value="Insult"/><Choice value="Threat"/></Choices>
  </View>
  <Text name="text" value="$comment"/>
  <Image name="img" value="$image"/>
</View>`;

  it('writes schema.json and a guideline the linter reports TODOs in, and the set exports back', () => {
    writeFileSync(join(tmp.dir, 'toxicity-v3.xml'), config);
    const r = rubric(['import', 'label-studio', 'toxicity-v3.xml'], tmp.dir);
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n')).toEqual(['toxicity-v3/schema.json', 'toxicity-v3/guideline.md']);
    expect(r.stderr).toMatch(/toxicity-v3\.xml:12:3: warning: <Image name="img">: Unexpected <Image>/);
    expect(r.stderr).toMatch(/toxicity-v3\.xml:11:3: warning: <Text name="text">: The task field \$comment becomes \$text/);
    const schema = JSON.parse(readFileSync(join(tmp.dir, 'toxicity-v3/schema.json'), 'utf8'));
    expect(schema.id).toBe('toxicity-v3');
    expect(schema.questions[1]).toMatchObject({ id: 'kind', type: 'multi', prompt: 'What kind?', when: { question: 'toxic', answers: ['toxic'] } });
    // A fresh skeleton lints with warnings only: the TODOs to write.
    const lint = rubric(['lint', 'toxicity-v3'], tmp.dir);
    expect(lint.code).toBe(0);
    expect(lint.stdout + lint.stderr).toContain('no-todo');
    const back = rubric(['export', 'toxicity-v3', '--to', 'label-studio', '--stdout'], tmp.dir);
    expect(back.code).toBe(0);
    // What the project stored ("Insult") is still what Label Studio exports.
    expect(back.stdout).toContain('<Choice value="Insult"/>');
    expect(back.stdout).toContain('whenTagName="toxic" whenChoiceValue="toxic"');
  });

  it('never overwrites without --force, and refuses what is not a config', () => {
    const again = rubric(['import', 'label-studio', 'toxicity-v3.xml'], tmp.dir);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already exist; choose another --out or pass --force/);
    expect(rubric(['import', 'label-studio', 'toxicity-v3.xml', '--force'], tmp.dir).code).toBe(0);
    writeFileSync(join(tmp.dir, 'broken.xml'), '<View><Choices name="a"></View>');
    const broken = rubric(['import', 'label-studio', 'broken.xml'], tmp.dir);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(/broken\.xml: warning: Unexpected XML: /);
    expect(existsSync(join(tmp.dir, 'broken'))).toBe(false);
    for (const args of [['import'], ['import', 'labelbox', 'x.json'], ['import', 'label-studio'], ['import', 'label-studio', 'missing.xml'], ['import', 'label-studio', 'toxicity-v3.xml', '--id', 'Bad Id']]) {
      const r = rubric(args, tmp.dir);
      expect(r.code, args.join(' ')).toBe(2);
      expect(hasStackTrace(r.stderr)).toBe(false);
    }
  });
});
