/**
 * mdast -> hast handlers for what is special in a guideline: label section
 * headings with their chips, label references and example cards. Raw HTML is
 * dropped, never parsed or passed through.
 */
import { EXAMPLE_LANG } from '@rubric/core';
import type { Element, ElementContent } from 'hast';
import type { Code, Heading, Html, InlineCode, Link, LinkReference, Parents } from 'mdast';
import { defaultHandlers, type Handlers, type State } from 'mdast-util-to-hast';
import { ancestors, chip, codeMention, cssToken, el, labelAnchor, labelRef, occurrenceInCode, text, type RenderContext } from './context.js';
import { exampleCard } from './example-card.js';

const PHRASING_PARENTS = new Set(['paragraph', 'heading', 'tableCell', 'emphasis', 'strong', 'delete', 'link', 'linkReference']);
const LINE_BREAK_TAG = /^<br\s*\/?>$/i;

/** The handlers for one render. */
export function createHandlers(ctx: RenderContext): Handlers {
  return {
    heading(state: State, node: Heading): ElementContent[] | undefined {
      const offset = node.position?.start.offset;
      if (offset !== undefined && offset === ctx.titleHeadingOffset) return undefined;
      const heading = offset === undefined ? undefined : ctx.headingsByOffset.get(offset);
      const section = offset === undefined ? undefined : ctx.sectionsByOffset.get(offset);
      const line = node.position?.start.line;
      const result: Element = el(`h${node.depth}`, {}, []);
      state.patch(node, result);
      if (!section) {
        result.children = state.all(node);
        if (heading) result.properties.id = heading.slug;
        return [result];
      }

      // A label section: the id links to itself, chips follow the heading.
      const id = section.labelId;
      const label = ctx.schema?.labelsById.get(id);
      result.properties.id = labelAnchor(id);
      result.properties.className = ['label-heading', ...(label?.deprecated ? ['deprecated'] : [])];
      const rest = state.all({ ...node, children: node.children.slice(1) });
      // GitHub's slug stays reachable, so links written for GitHub work here too.
      const alias: ElementContent[] = heading ? [el('span', { id: heading.slug, className: ['anchor-alias'] })] : [];
      result.children = [
        ...alias,
        el('a', { href: `#${labelAnchor(id)}`, className: ['label-self'], title: 'Link to this label' }, [el('code', { className: ['label-id'] }, [text(id)])]),
        ...rest,
      ];
      return [result, labelChips(ctx, id, line)];
    },

    inlineCode(_state: State, node: InlineCode): ElementContent {
      return codeMention(ctx, occurrenceInCode(ctx, node.position?.start.offset, node.position?.end.offset), node.value);
    },

    code(state: State, node: Code) {
      const offset = node.position?.start.offset;
      const example = node.lang === EXAMPLE_LANG && offset !== undefined ? ctx.examplesByOffset.get(offset) : undefined;
      if (!example) return defaultHandlers.code(state, node);
      return exampleCard(ctx, example, node.value, node.position?.start.line ?? 1);
    },

    // Raw HTML is never rendered (remark-rehype's `allowDangerousHtml: false`, the same as
    // dropping it), except a line break, which tables need and which carries nothing.
    html(_state: State, node: Html, parent: Parents | undefined) {
      const inline = parent !== undefined && PHRASING_PARENTS.has(parent.type);
      return inline && LINE_BREAK_TAG.test(node.value.trim()) ? el('br', {}) : undefined;
    },

    link(state: State, node: Link) {
      ctx.linkDepth++;
      try {
        return defaultHandlers.link(state, node);
      } finally {
        ctx.linkDepth--;
      }
    },

    linkReference(state: State, node: LinkReference) {
      ctx.linkDepth++;
      try {
        return defaultHandlers.linkReference(state, node);
      } finally {
        ctx.linkDepth--;
      }
    },
  };
}

/** Chips under a label heading: question, parent path, severity, deprecation, rename. */
function labelChips(ctx: RenderContext, labelId: string, line: number | undefined): Element {
  const chips: ElementContent[] = [];
  const schema = ctx.schema;
  const label = schema?.labelsById.get(labelId);
  if (!schema || !label) {
    if (ctx.schemaKnown) chips.push(chip('unknown-label', undefined, [text('not in the schema')], 'Unknown label'));
  } else {
    const question = schema.questionsById.get(label.questionId);
    chips.push(chip('chip-question', 'question', [el('code', {}, [text(label.questionId)])], question?.prompt));
    const path = ancestors(schema, label);
    if (path.length > 0) {
      const parts: ElementContent[] = [];
      path.forEach((p, i) => {
        if (i > 0) parts.push(text(' > '));
        parts.push(labelRef(ctx, p.id));
      });
      chips.push(chip('chip-path', 'parent', parts, 'Parent labels, top first'));
    }
    if (label.severity) chips.push(chip(`chip-severity severity-${cssToken(label.severity)}`, 'severity', [text(label.severity)]));
    if (label.deprecated) {
      const value: ElementContent[] = [text(label.deprecated.since ? `since ${label.deprecated.since}` : 'do not use')];
      if (label.deprecated.replacedBy) value.push(text(' → use '), labelRef(ctx, label.deprecated.replacedBy));
      chips.push(chip('chip-deprecated', 'deprecated', value));
    }
    if (label.renamedFrom.length > 0) {
      chips.push(chip('chip-renamed', 'renamed from', label.renamedFrom.flatMap((id, i) => [...(i > 0 ? [text(', ')] : []), el('code', {}, [text(id)])])));
    }
  }
  return el('div', { className: ['label-meta'], ...(line ? { dataLine: line } : {}) }, chips);
}
