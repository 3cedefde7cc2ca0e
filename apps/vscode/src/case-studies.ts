/**
 * The case-studies view: the items labelers disagreed on for one label (from
 * the set's quality report, asked of the server with `rubric/caseStudies`),
 * opened by the label's α code lens. A tree, so item texts, which are
 * whatever annotators were shown, stay plain text: nothing in them is ever
 * rendered or run. Each case has "Add as Example": the writer adjudicates
 * the answer (and any question it makes required), the server drafts the
 * example (`rubric/exampleFromCase`) under the label's section with
 * `kind: borderline` and a `why` to write, and the edit is applied.
 */
import * as vscode from 'vscode';
import type { CaseAnswer, CaseStudiesResult, CaseStudyView, ExampleFromCaseParams, ExampleFromCaseResult, QuestionToAnswer, WorkspaceEditLike } from '@rubric/language-service';

/** Id of the view (package.json contributes it to the Explorer). */
export const CASE_STUDIES_VIEW = 'rubric.caseStudies';
/** The most questions one "add as example" asks before giving up (a schema whose `when` chains never end). */
const MAX_QUESTIONS = 10;
const LABEL_LENGTH = 80;

/** What the view needs of the server. */
export interface CaseStudiesServer {
  caseStudies(uri: string, labelId: string): Promise<CaseStudiesResult | null>;
  exampleFromCase(params: ExampleFromCaseParams): Promise<ExampleFromCaseResult>;
  /** The LSP edit as a VS Code edit. */
  asWorkspaceEdit(edit: WorkspaceEditLike): Promise<vscode.WorkspaceEdit>;
}

/** A node of the tree: a case, or one of its answers. */
export type CaseNode = { kind: 'case'; study: CaseStudyView } | { kind: 'answer'; text: string };

/** A snapshot of the view for the extension's tests. */
export interface CaseStudiesSnapshot {
  guidelineUri: string;
  labelId: string;
  version: string;
  cases: { item: string; label: string; description: string; inGuideline: boolean }[];
}

/** One line of an answer: labels joined, spans as their labels. */
export function answerText(answer: CaseAnswer | undefined): string {
  if (answer === undefined) return '(none)';
  if (Array.isArray(answer)) return answer.length ? answer.map((a) => (typeof a === 'string' ? a : a.label)).join(', ') : '(nothing)';
  return String(answer);
}

/** The first line of an item's text, shortened for a tree row. */
function excerpt(text: string | undefined): string {
  if (text === undefined) return '(no text)';
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > LABEL_LENGTH ? `${line.slice(0, LABEL_LENGTH - 1)}…` : line;
}

/** Shows one label's case studies and turns them into examples. */
export class CaseStudiesView implements vscode.TreeDataProvider<CaseNode>, vscode.Disposable {
  private result: CaseStudiesResult | null = null;
  private readonly changed = new vscode.EventEmitter<CaseNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly view: vscode.TreeView<CaseNode>;

  constructor(
    private readonly server: CaseStudiesServer,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.view = vscode.window.createTreeView(CASE_STUDIES_VIEW, { treeDataProvider: this, showCollapseAll: true });
  }

  /** Shows the case studies of a label (the code lens's command); resolves to whether there were any. */
  async show(guidelineUri: string, labelId: string): Promise<boolean> {
    let result: CaseStudiesResult | null;
    try {
      result = await this.server.caseStudies(guidelineUri, labelId);
    } catch (error) {
      this.log.error(`Rubric: could not read the case studies of ${labelId}: ${error instanceof Error ? error.message : String(error)}`);
      void vscode.window.showErrorMessage(`Rubric: could not read the case studies of ${labelId}. See "Rubric: Show Output".`);
      return false;
    }
    this.result = result;
    this.view.title = result ? `Case Studies: ${labelId}` : 'Case Studies';
    this.view.description = result ? `${result.version} · ${result.cases.length} item${result.cases.length === 1 ? '' : 's'}` : '';
    this.view.message = result && result.cases.length === 0 ? `Labelers of ${result.version} did not disagree on ${labelId}.` : undefined;
    this.changed.fire(undefined);
    // Brings the view forward (the command VS Code makes for every view).
    await vscode.commands.executeCommand(`${CASE_STUDIES_VIEW}.focus`).then(undefined, () => undefined);
    if (!result) void vscode.window.showInformationMessage(`Rubric: no quality figures for ${labelId} in this set.`);
    return result !== null && result.cases.length > 0;
  }

  getTreeItem(node: CaseNode): vscode.TreeItem {
    if (node.kind === 'answer') return new vscode.TreeItem(node.text, vscode.TreeItemCollapsibleState.None);
    const { study } = node;
    const item = new vscode.TreeItem(excerpt(study.text), vscode.TreeItemCollapsibleState.Collapsed);
    item.id = `${study.item}\u0000${study.question}`;
    item.description = `${study.item} · disagreement ${study.disagreement.toFixed(2)}${study.gold !== undefined ? ` · gold ${answerText(study.gold)}` : ''}${study.inGuideline ? ' · in the guideline' : ''}`;
    // A plain string: VS Code shows it as text, so nothing in the item's text is rendered.
    item.tooltip = `${study.text ?? '(no text)'}\n\n${Object.entries(study.answers).map(([who, a]) => `${who}: ${answerText(a)}`).join('\n')}`;
    item.contextValue = study.inGuideline ? 'rubric.case.added' : 'rubric.case';
    return item;
  }

  getChildren(node?: CaseNode): CaseNode[] {
    if (!node) return (this.result?.cases ?? []).map((study) => ({ kind: 'case', study }));
    if (node.kind !== 'case') return [];
    const answers = Object.entries(node.study.answers).map(([who, a]): CaseNode => ({ kind: 'answer', text: `${who}: ${answerText(a)}` }));
    return node.study.gold !== undefined ? [...answers, { kind: 'answer', text: `gold: ${answerText(node.study.gold)}` }] : answers;
  }

  /**
   * "Add as Example" on a case: asks the writer for the answer (and any question it makes
   * required; `given` answers questions without asking, for automation and tests), applies the
   * server's edit and shows the new example. Resolves to whether it was added.
   */
  async addExample(node: CaseNode | undefined, given: Record<string, CaseAnswer> = {}): Promise<boolean> {
    const current = this.result;
    if (!current || node?.kind !== 'case') return false;
    const study = node.study;
    const answers: Record<string, CaseAnswer> = {};
    for (let asked = 0; asked < MAX_QUESTIONS; asked++) {
      let result: ExampleFromCaseResult;
      try {
        result = await this.server.exampleFromCase({ uri: current.guidelineUri, labelId: current.labelId, item: study.item, question: study.question, answers });
      } catch (error) {
        void vscode.window.showErrorMessage(`Rubric: ${error instanceof Error ? error.message : String(error)}`);
        return false;
      }
      if ('needs' in result) {
        const answer = given[result.needs.question] ?? (await this.ask(result.needs, study));
        if (answer === undefined) return false;
        answers[result.needs.question] = answer;
        continue;
      }
      const applied = await vscode.workspace.applyEdit(await this.server.asWorkspaceEdit(result.edit));
      if (!applied) return false;
      const editor = await vscode.window.showTextDocument(vscode.Uri.parse(current.guidelineUri), { preview: false });
      const at = new vscode.Position(result.line, 0);
      editor.selection = new vscode.Selection(at, at);
      editor.revealRange(new vscode.Range(at, at), vscode.TextEditorRevealType.InCenter);
      this.log.info(`Rubric: added item ${study.item} as example ${result.exampleId} under ${current.labelId}`);
      void vscode.window.setStatusBarMessage(`Rubric: example ${result.exampleId} added under ${current.labelId}; write its why (the TODO keeps the set out of review)`, 8000);
      await this.show(current.guidelineUri, current.labelId);
      return true;
    }
    void vscode.window.showErrorMessage('Rubric: the example needs more answers than one action asks for; write it by hand.');
    return false;
  }

  /** Asks the writer one question: labels from a pick list (the annotators' answers first), numbers and texts typed. */
  private async ask(needs: QuestionToAnswer, study: CaseStudyView): Promise<CaseAnswer | undefined> {
    const prompt = `${needs.question}${needs.prompt ? `: ${needs.prompt}` : ''}`;
    if (needs.type === 'rating' || needs.type === 'text' || needs.choices.length === 0) {
      const value = await vscode.window.showInputBox({ title: 'Rubric: Add as Example', prompt, validateInput: (v) => (needs.type === 'rating' && !Number.isFinite(Number(v)) ? 'Expected a number' : undefined) });
      if (value === undefined) return undefined;
      return needs.type === 'rating' ? Number(value) : value;
    }
    const given = new Map<string, number>();
    if (needs.question === study.question) {
      for (const a of Object.values(study.answers)) for (const id of Array.isArray(a) ? a.map((x) => (typeof x === 'string' ? x : x.label)) : [String(a)]) given.set(id, (given.get(id) ?? 0) + 1);
    }
    const items = needs.choices
      .map((c) => ({ label: c.id, description: c.title ?? '', detail: given.has(c.id) ? `chosen by ${given.get(c.id)} annotator${given.get(c.id) === 1 ? '' : 's'}` : undefined, n: given.get(c.id) ?? 0 }))
      .sort((a, b) => b.n - a.n);
    const title = needs.question === study.question ? `Rubric: the right answer for item ${study.item}` : 'Rubric: Add as Example';
    if (needs.type === 'multi') {
      const picked = await vscode.window.showQuickPick(items, { title, placeHolder: prompt, canPickMany: true });
      return picked ? picked.map((p) => p.label) : undefined;
    }
    const picked = await vscode.window.showQuickPick(items, { title, placeHolder: prompt });
    return picked?.label;
  }

  /** What the view shows, for tests. */
  snapshot(): CaseStudiesSnapshot | null {
    const r = this.result;
    if (!r) return null;
    return {
      guidelineUri: r.guidelineUri,
      labelId: r.labelId,
      version: r.version,
      cases: r.cases.map((study) => {
        const item = this.getTreeItem({ kind: 'case', study });
        return { item: study.item, label: String(item.label), description: String(item.description), inGuideline: study.inGuideline };
      }),
    };
  }

  /** The tree node of a case, for commands run from tests. */
  node(item: string): CaseNode | undefined {
    const study = this.result?.cases.find((c) => c.item === item);
    return study ? { kind: 'case', study } : undefined;
  }

  dispose(): void {
    this.view.dispose();
    this.changed.dispose();
  }
}
