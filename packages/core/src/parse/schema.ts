/**
 * schema.json -> SchemaDocument. Parsed with jsonc-parser so every question and
 * label keeps its range; tolerant of wrong shapes (the schema-valid rule reports
 * them), so the rest of the model is as complete as the file allows.
 */
import { findNodeAtLocation, getNodeValue, parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import { LineIndex, type Range } from '../position.js';
import type { Deprecation, Label, Question, SchemaDocument, SyntaxProblem, WhenCondition } from '../model.js';
import { parsePointer } from '../util.js';

const SYNTAX_MESSAGES: Record<string, string> = {
  InvalidSymbol: 'Unexpected character, expected a JSON value',
  InvalidNumberFormat: 'Unexpected number format, expected a JSON number',
  PropertyNameExpected: 'Unexpected token, expected a property name in double quotes',
  ValueExpected: 'Unexpected token, expected a value',
  ColonExpected: 'Unexpected token, expected `:`',
  CommaExpected: 'Unexpected token, expected `,`',
  CloseBraceExpected: 'Unexpected end of object, expected `}`',
  CloseBracketExpected: 'Unexpected end of array, expected `]`',
  EndOfFileExpected: 'Unexpected content after the JSON value, expected the end of the file',
  InvalidCommentToken: 'Unexpected comment, expected plain JSON (comments are not allowed)',
  UnexpectedEndOfComment: 'Unexpected end of comment',
  UnexpectedEndOfString: 'Unexpected end of string, expected a closing `"`',
  UnexpectedEndOfNumber: 'Unexpected end of number',
  InvalidUnicode: 'Unexpected unicode escape, expected \\u followed by four hex digits',
  InvalidEscapeCharacter: 'Unexpected escape character in string',
  InvalidCharacter: 'Unexpected control character in string, expected it escaped',
};

/** Parses schema JSON. Never throws. */
export function parseSchema(file: string, text: string): SchemaDocument {
  const lines = new LineIndex(text);
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: false, disallowComments: true, allowEmptyContent: false });
  const syntaxErrors: SyntaxProblem[] = errors.map((e) => ({
    message: SYNTAX_MESSAGES[printParseErrorCode(e.error)] ?? `Unexpected JSON syntax (${printParseErrorCode(e.error)})`,
    range: lines.range(e.offset, e.offset + e.length),
  }));
  const range = (node: Node): Range => lines.range(node.offset, node.offset + node.length);
  const nodeAt = (pointer: string): Node | undefined =>
    root ? findNodeAtLocation(root, parsePointer(pointer).map((s) => (/^\d+$/.test(s) ? Number(s) : s))) : undefined;

  const doc: SchemaDocument = {
    file,
    text,
    lines,
    json: syntaxErrors.length === 0 && root ? getNodeValue(root) : undefined,
    syntaxErrors,
    questions: [],
    labels: [],
    labelsById: new Map(),
    questionsById: new Map(),
    rangeOf(pointer) {
      const node = nodeAt(pointer);
      return node ? range(node) : undefined;
    },
    keyRangeOf(pointer) {
      const node = nodeAt(pointer);
      const key = node?.parent?.type === 'property' ? node.parent.children?.[0] : undefined;
      return key ? range(key) : undefined;
    },
  };
  if (!root || root.type !== 'object') return doc;

  const id = str(prop(root, 'id'));
  if (id !== undefined) doc.id = id;
  const version = str(prop(root, 'version'));
  if (version !== undefined) doc.version = version;

  const questions = prop(root, 'questions');
  if (questions?.type !== 'array') return doc;
  (questions.children ?? []).forEach((qNode, qi) => {
    if (qNode.type !== 'object') return;
    const pointer = `/questions/${qi}`;
    const idNode = prop(qNode, 'id');
    const qid = str(idNode);
    if (qid === undefined || !idNode) return;
    const question: Question = {
      id: qid,
      type: str(prop(qNode, 'type')) ?? '',
      required: getValue(prop(qNode, 'required')) === true,
      rootLabelIds: [],
      labelIds: [],
      pointer,
      idRange: range(idNode),
      range: range(qNode),
    };
    const prompt = str(prop(qNode, 'prompt'));
    if (prompt !== undefined) question.prompt = prompt;
    const min = getValue(prop(qNode, 'min'));
    if (typeof min === 'number') question.min = min;
    const max = getValue(prop(qNode, 'max'));
    if (typeof max === 'number') question.max = max;
    const whenNode = prop(qNode, 'when');
    if (whenNode?.type === 'object') {
      const onQuestion = str(prop(whenNode, 'question'));
      const answers = getValue(prop(whenNode, 'answers'));
      if (onQuestion !== undefined) {
        const when: WhenCondition = {
          questionId: onQuestion,
          answers: Array.isArray(answers) ? answers.filter((a): a is string => typeof a === 'string') : [],
          range: range(whenNode),
        };
        question.when = when;
      }
    }
    const walk = (arr: Node | undefined, base: string, parentId: string | undefined, depth: number): string[] => {
      if (arr?.type !== 'array') return [];
      const ids: string[] = [];
      (arr.children ?? []).forEach((oNode, oi) => {
        if (oNode.type !== 'object') return;
        const oPointer = `${base}/options/${oi}`;
        const oIdNode = prop(oNode, 'id');
        const lid = str(oIdNode);
        if (lid === undefined || !oIdNode) return;
        const label: Label = {
          id: lid,
          renamedFrom: [],
          questionId: qid,
          childIds: [],
          depth,
          pointer: oPointer,
          idRange: range(oIdNode),
          range: range(oNode),
          ...(parentId !== undefined ? { parentId } : {}),
        };
        const title = str(prop(oNode, 'title'));
        if (title !== undefined) label.title = title;
        const description = str(prop(oNode, 'description'));
        if (description !== undefined) label.description = description;
        const severity = str(prop(oNode, 'severity'));
        if (severity !== undefined) label.severity = severity;
        const dep = prop(oNode, 'deprecated');
        if (dep?.type === 'object') {
          const d: Deprecation = {};
          const since = str(prop(dep, 'since'));
          if (since !== undefined) d.since = since;
          const replacedBy = str(prop(dep, 'replacedBy'));
          if (replacedBy !== undefined) d.replacedBy = replacedBy;
          label.deprecated = d;
        } else if (getValue(dep) === true) label.deprecated = {};
        const renamed = getValue(prop(oNode, 'renamedFrom'));
        if (typeof renamed === 'string') label.renamedFrom = [renamed];
        else if (Array.isArray(renamed)) label.renamedFrom = renamed.filter((r): r is string => typeof r === 'string');
        doc.labels.push(label);
        if (!doc.labelsById.has(lid)) doc.labelsById.set(lid, label);
        question.labelIds.push(lid);
        ids.push(lid);
        label.childIds = walk(prop(oNode, 'options'), oPointer, lid, depth + 1);
      });
      return ids;
    };
    question.rootLabelIds = walk(prop(qNode, 'options'), pointer, undefined, 0);
    doc.questions.push(question);
    if (!doc.questionsById.has(qid)) doc.questionsById.set(qid, question);
  });
  return doc;
}

function prop(node: Node, name: string): Node | undefined {
  if (node.type !== 'object') return undefined;
  // The last property wins, as in JSON.parse.
  let found: Node | undefined;
  for (const p of node.children ?? []) {
    if (p.type === 'property' && p.children?.[0]?.value === name) found = p.children[1];
  }
  return found;
}

function getValue(node: Node | undefined): unknown {
  return node ? getNodeValue(node) : undefined;
}

function str(node: Node | undefined): string | undefined {
  return node?.type === 'string' && typeof node.value === 'string' ? node.value : undefined;
}
