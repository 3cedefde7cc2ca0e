/**
 * ```example blocks as cards: the kind, the text as labelers see it (always
 * text, never markup, isolated from the surrounding direction), the answers as
 * `question: label` chips and the reasoning. A block whose YAML does not parse
 * shows its problems and the raw YAML instead.
 */
import { exampleKind, isRecord, proseCodeSpans, type Example, type LabelOccurrence } from '@rubric/core';
import type { Element, ElementContent } from 'hast';
import { chip, codeMention, el, labelRef, text, type RenderContext } from './context.js';

// Example ids become anchors only when they are plain tokens.
const SAFE_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]*$/;

/** The card of one example; `line` is the fence's 1-based line. */
export function exampleCard(ctx: RenderContext, example: Example, raw: string, line: number): Element {
  const lineOf = (path: string[]): number => example.rangeOf(path)?.start.line ?? line;
  const id = example.id ? el('span', { className: ['example-id'] }, [text(example.id)]) : undefined;

  if (example.errors.length > 0 || !isRecord(example.data)) {
    const problems = example.errors.length
      ? example.errors.map((e) => el('li', { dataLine: e.range.start.line }, [text(`line ${e.range.start.line}: ${e.message}`)]))
      : [el('li', { dataLine: line }, [text('Expected a YAML mapping with text, answers and why')])];
    return el('div', { className: ['example-card', 'example-invalid'], dataLine: line }, [
      el('div', { className: ['example-head'], dataLine: line }, [el('span', { className: ['badge', 'kind', 'kind-invalid'] }, [text('invalid example')])]),
      el('ul', { className: ['example-problems'], dataLine: line }, problems),
      el('pre', { className: ['example-raw'], dataLine: line + 1 }, [el('code', {}, [text(raw)])]),
    ]);
  }

  const kind = exampleKind(example, ctx.schema);
  const unknownKind = example.kindRaw !== undefined && example.kind === undefined;
  const head: ElementContent[] = [
    el('span', { className: ['badge', 'kind', `kind-${kind}`], title: example.kind ? `Kind: ${kind}` : `Kind: ${kind} (from the answers)` }, [text(kind)]),
  ];
  if (unknownKind) head.push(el('span', { className: ['badge', 'kind', 'kind-unknown'], title: 'Unknown kind' }, [text(`kind: ${String(example.kindRaw)}`)]));
  if (id) head.push(id);

  const children: ElementContent[] = [el('div', { className: ['example-head'], dataLine: line }, head)];
  children.push(
    example.text === undefined
      ? el('div', { className: ['example-text', 'example-missing'], dataLine: line }, [text('No text')])
      : el('div', { className: ['example-text'], dir: 'auto', dataLine: lineOf(['text']) }, highlightSpans(example)),
  );
  // The index decides which answer values are label ids (answers to single, multi and span questions).
  const occurrences = ctx.set.guideline ? ctx.index.within(ctx.set.guideline.file, example.range.start.offset, example.range.end.offset).filter((o) => o.exampleIndex === example.index) : [];
  if (example.answers.length > 0) {
    children.push(el('ul', { className: ['answers'], ariaLabel: 'Answers', dataLine: lineOf(['answers']) }, example.answers.map((a) => {
      const question = ctx.schema?.questionsById.get(a.questionId);
      const values: ElementContent[] = [];
      a.values.forEach((v, i) => {
        if (i > 0) values.push(text(', '));
        if (v.quote !== undefined) values.push(el('q', { className: ['span-quote'] }, [text(v.quote)]), text(' → '));
        const isLabel = occurrences.some((o) => o.context === 'example-answer' && o.range.start.offset >= v.range.start.offset && o.range.end.offset <= v.range.end.offset);
        values.push(isLabel ? labelRef(ctx, v.value) : el('span', { className: ['answer-text'] }, [text(v.value)]));
      });
      if (a.values.length === 0) values.push(el('span', { className: ['answer-text'] }, [text(describeRaw(a.raw))]));
      return el('li', { className: ['answer'], dataLine: a.keyRange.start.line }, [chip('answer-chip', a.questionId, values, question?.prompt)]);
    })));
  }
  if (example.why !== undefined) {
    children.push(el('div', { className: ['example-why'], dataLine: lineOf(['why']) }, [
      el('span', { className: ['why-label'] }, [text('Why')]),
      text(' '),
      ...whyText(ctx, example.why, occurrences),
    ]));
  }
  return el('div', { className: ['example-card', `example-${kind}`], dataLine: line, ...(example.id && SAFE_ID.test(example.id) ? { id: `example-${example.id}` } : {}) }, children);
}

/** The example text with the parts span answers quote marked. */
function highlightSpans(example: Example): ElementContent[] {
  const value = example.text ?? '';
  const marks: { start: number; end: number; label: string }[] = [];
  for (const answer of example.answers) {
    for (const v of answer.values) {
      if (!v.quote) continue;
      const start = value.indexOf(v.quote);
      if (start >= 0) marks.push({ start, end: start + v.quote.length, label: v.value });
    }
  }
  marks.sort((a, b) => a.start - b.start || b.end - a.end);
  const out: ElementContent[] = [];
  let at = 0;
  for (const m of marks) {
    if (m.start < at) continue; // Overlapping spans: the first one wins the highlight.
    if (m.start > at) out.push(text(value.slice(at, m.start)));
    out.push(el('mark', { className: ['span-mark'], title: m.label }, [text(value.slice(m.start, m.end))]));
    at = m.end;
  }
  if (at < value.length) out.push(text(value.slice(at)));
  return out;
}

/** An example's `why`: backtick spans as code, those the index reads as label ids as label references (or history). */
function whyText(ctx: RenderContext, value: string, occurrences: readonly LabelOccurrence[]): ElementContent[] {
  const out: ElementContent[] = [];
  let at = 0;
  proseCodeSpans(value).forEach((span, i) => {
    if (span.start > at) out.push(text(value.slice(at, span.start)));
    const occurrence = occurrences.find((o) => o.spanIndex === i && (o.context === 'example-why' || o.context === 'changelog'));
    out.push(codeMention(ctx, occurrence, span.value));
    at = span.end;
  });
  if (at < value.length) out.push(text(value.slice(at)));
  return out;
}

function describeRaw(raw: unknown): string {
  if (raw === null || raw === undefined) return '(empty)';
  if (typeof raw === 'object') return JSON.stringify(raw);
  return String(raw);
}
