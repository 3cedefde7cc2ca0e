/**
 * Labeling quality in code-server: for the set `retro`, which has a report
 * next to it (quality-1.0.0.json, written by `rubric quality -f json` from
 * test/fixtures/retro-annotations.jsonl), the hover's figures, the α code
 * lens and the label-agreement diagnostic appear; for `valid`, which has
 * none, they do not. The lens opens the case-studies view, and "Add as
 * Example" writes a case into the label's section.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { diagnosticsWhere, fixtureUri, open, positionOf, rubric, ruleOf, setUris, waitFor } from './helpers.js';

/** The hover text at a position. */
async function hoverAt(uri: vscode.Uri, at: vscode.Position): Promise<string> {
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, at);
  return hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
}

/** The titles of the α code lenses of a document. */
async function qualityLenses(uri: vscode.Uri): Promise<vscode.CodeLens[]> {
  const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
  return (lenses ?? []).filter((l) => l.command?.command === 'rubric.caseStudies.show');
}

/** Registers the suite (called by index.ts once mocha's globals exist). */
export function qualitySuite(): void {
  suite('labeling quality', () => {
    const retro = fixtureUri('guidelines', 'retro', 'guideline.md');
    const valid = setUris('valid');

    test('a set with a report: the label-agreement diagnostic at the section heading', async () => {
      const { document } = await open(retro);
      const found = await diagnosticsWhere(retro, 'label-agreement findings on retro/guideline.md', (d) => d.filter((x) => ruleOf(x) === 'label-agreement').length === 4);
      const insult = positionOf(document, '#### `abuse.insult`').line;
      const first = found.find((d) => ruleOf(d) === 'label-agreement');
      assert.ok(first);
      assert.equal(first.range.start.line, insult);
      assert.equal(first.severity, vscode.DiagnosticSeverity.Warning);
      assert.match(first.message, /^Unexpected agreement on `abuse\.insult`: alpha 0\.33 \(95% interval 0\.13 to 0\.53\) over 40 items annotated under 1\.0\.0, expected at least 0\.667/);
      assert.ok(found.some((d) => d.message === '`abuse.insult` and `abuse.threat` are confused in 100% of disagreements: sharpen the boundary'));
    });

    test('a set with a report: the hover shows alpha, its interval and the confusions', async () => {
      const { document } = await open(retro);
      const at = positionOf(document, '#### `abuse.insult`', '#### `'.length + 2);
      const text = await waitFor('the quality figures in the hover', async () => {
        const t = await hoverAt(retro, at);
        return t.includes('Labeling quality') ? t : undefined;
      });
      assert.match(text, /\*\*Labeling quality\*\* of 1\.0\.0: 40 items with two answers or more/);
      assert.match(text, /α 0\.33 \(95% 0\.13–0\.53\)/);
      assert.match(text, /Confused with `abuse\.threat` 100%/);
    });

    test('a set with a report: the α code lens above each measured label section', async () => {
      const { document } = await open(retro);
      const lenses = await waitFor('α code lenses', async () => {
        const l = await qualityLenses(retro);
        return l.length ? l : undefined;
      });
      const insult = lenses.find((l) => l.range.start.line === positionOf(document, '#### `abuse.insult`').line);
      assert.equal(insult?.command?.title, 'α 0.33 · confused with abuse.threat 100%');
      assert.deepEqual(insult?.command?.arguments, [retro.toString(), 'abuse.insult']);
    });

    test('a set without a report: no figures in the hover, no α code lens, no label-agreement diagnostic', async () => {
      const api = await rubric();
      const { document } = await open(valid.guideline);
      await waitFor('the valid set linted', () => (api.statusText().startsWith('$(book) valid ') ? true : undefined));
      const text = await hoverAt(valid.guideline, positionOf(document, '#### `abuse.insult`', '#### `'.length + 2));
      assert.match(text, /abuse\.insult/);
      assert.doesNotMatch(text, /Labeling quality/);
      assert.deepEqual(await qualityLenses(valid.guideline), []);
      assert.deepEqual(vscode.languages.getDiagnostics(valid.guideline).filter((d) => ruleOf(d) === 'label-agreement'), []);
    });

    test('the code lens opens the case studies, and "Add as Example" writes one into the label\'s section', async () => {
      const api = await rubric();
      const { document } = await open(retro);
      const [lens] = (await qualityLenses(retro)).filter((l) => l.command?.arguments?.[1] === 'abuse.insult');
      assert.ok(lens?.command);
      assert.equal(await vscode.commands.executeCommand<boolean>(lens.command.command, ...(lens.command.arguments ?? [])), true);
      const view = api.caseStudies();
      assert.ok(view, 'the view shows case studies');
      assert.equal(view.labelId, 'abuse.insult');
      assert.equal(view.version, '1.0.0');
      const first = view.cases[0];
      assert.ok(first);
      assert.match(first.label, /^Item \d+: you lot are clowns/);
      assert.match(first.description, /^t-\d+ · disagreement 0\.67$/);

      const node = api.caseNode(first.item);
      assert.equal(await vscode.commands.executeCommand<boolean>('rubric.caseStudies.addExample', node, { verdict: 'abuse.threat', target: ['target.group'] }), true);
      const text = document.getText();
      const block = `\`\`\`example\nid: ${first.item}\nkind: borderline\ntext: "Item ${first.item.slice(2)}: you lot are clowns and someone should sort you out."\nanswers:\n  verdict: abuse.threat\n  target: [target.group]\nwhy: "TODO: say why the answer is \`abuse.threat\`. Annotators of 1.0.0 split on it: abuse.insult ×2, abuse.threat ×1."\n\`\`\``;
      assert.ok(text.includes(block), `the example block in guideline.md, got:\n${text}`);
      assert.ok(text.indexOf(block) > text.indexOf('#### `abuse.insult`') && text.indexOf(block) < text.indexOf('#### `abuse.threat`'), 'under the abuse.insult section');
      // The set lints: the TODO is a warning in a draft, nothing else is new.
      const after = await diagnosticsWhere(retro, 'the no-todo warning of the new example', (d) => d.some((x) => ruleOf(x) === 'no-todo'));
      assert.deepEqual(after.filter((d) => d.severity === vscode.DiagnosticSeverity.Error), []);
      assert.equal(api.caseStudies()?.cases.find((c) => c.item === first.item)?.inGuideline, true);
      await vscode.commands.executeCommand('workbench.action.files.revert');
    });
  });
}
