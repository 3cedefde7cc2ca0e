/**
 * The frame around the guideline's content: a header with the set's identity
 * and status, and a sidebar with the contents and the schema's taxonomy
 * (every question with its label tree, each label linking to its section).
 */
import type { Label, Question } from '@rubric/core';
import type { Element, ElementContent } from 'hast';
import { cssToken, el, labelAnchor, labelRef, text, type RenderContext } from './context.js';

const STATUS_NOTES: Record<string, string> = {
  draft: 'Draft: not approved for labeling yet. Labels and rules may still change.',
  review: 'In review: not approved for labeling yet.',
  deprecated: 'Deprecated: do not use this guideline for new labeling.',
};

/** The page header: title, status badge, id, version, effective date, owners. */
export function header(ctx: RenderContext): Element {
  const fm = ctx.frontmatter;
  const str = (v: unknown): string | undefined => (typeof v === 'string' || typeof v === 'number' ? String(v) : v instanceof Date ? v.toISOString().slice(0, 10) : undefined);
  const id = str(fm.id) ?? ctx.schema?.id;
  const version = str(fm.version) ?? ctx.schema?.version;
  const status = str(fm.status);
  const effective = str(fm.effective);
  const owners = Array.isArray(fm.owners) ? fm.owners.map(str).filter((o): o is string => o !== undefined) : str(fm.owners) ? [str(fm.owners) as string] : [];
  const titleLine = ctx.titleHeadingOffset !== undefined ? ctx.headingsByOffset.get(ctx.titleHeadingOffset)?.range.start.line : undefined;
  const titleSlug = ctx.titleHeadingOffset !== undefined ? ctx.headingsByOffset.get(ctx.titleHeadingOffset)?.slug : undefined;

  const meta: ElementContent[] = [];
  const item = (key: string, value: ElementContent[], className = ''): void => {
    meta.push(el('span', { className: ['meta-item', ...(className ? [className] : [])] }, [el('span', { className: ['meta-key'] }, [text(key)]), text(' '), ...value]));
  };
  if (status) meta.push(el('span', { className: ['badge', 'status', `status-${cssToken(status)}`], title: `Status: ${status}` }, [text(status)]));
  if (id) item('id', [el('code', {}, [text(id)])]);
  if (version) item('version', [el('code', {}, [text(version)])]);
  if (effective) item('effective', [text(effective)]);
  if (owners.length) item('owners', owners.flatMap((o, i) => [...(i > 0 ? [text(', ')] : []), el('span', { className: ['owner'] }, [text(o)])]));

  const children: ElementContent[] = [
    el('h1', { className: ['guideline-title'], ...(titleSlug ? { id: titleSlug } : {}), dataLine: titleLine ?? 1 }, [text(ctx.title)]),
    // A space between the items: the flex layout ignores it, and where a host strips the stylesheet (Label
    // Studio's instructions) the items still read as words, not "approvedid hate-speechversion 2.0.0".
    el('div', { className: ['guideline-meta'], dataLine: 1 }, meta.flatMap((m, i) => (i > 0 ? [text(' '), m] : [m]))),
  ];
  const note = status ? STATUS_NOTES[status] : undefined;
  if (note) children.push(el('p', { className: ['status-note', `status-${cssToken(status ?? '')}`], role: 'note', dataLine: 1 }, [text(note)]));
  for (const problem of ctx.set.problems) {
    // The file's own name only: a server path means nothing to a labeler.
    const file = problem.file.replace(/\\/g, '/').split('/').pop() ?? problem.file;
    children.push(el('p', { className: ['load-problem'], role: 'note', dataLine: 1 }, [text(`${file}: ${problem.message}`)]));
  }
  return el('header', { className: ['guideline-header', ...(status ? [`status-${cssToken(status)}`] : [])], dataLine: 1 }, children);
}

/** The sidebar: the document's top-level headings, then the label taxonomy of every question. */
export function sidebar(ctx: RenderContext): Element {
  const parts: ElementContent[] = [];
  const doc = ctx.set.guideline;
  const top = (doc?.headings ?? []).filter((h) => h.depth === 2);
  if (top.length > 0) {
    parts.push(el('details', { className: ['sidebar-section', 'sidebar-contents'], open: true }, [
      el('summary', {}, [text('Contents')]),
      el('ul', { className: ['contents'] }, top.map((h) => {
        const section = ctx.sectionsByOffset.get(h.range.start.offset);
        const href = `#${section ? labelAnchor(section.labelId) : h.slug}`;
        return el('li', {}, [el('a', { href }, [text(h.text)])]);
      })),
    ]));
  }
  const questions = ctx.schema?.questions ?? [];
  if (questions.length > 0) {
    parts.push(el('details', { className: ['sidebar-section', 'taxonomy'], open: true }, [
      el('summary', {}, [text('Label taxonomy')]),
      ...questions.map((q) => taxonomyQuestion(ctx, q)),
    ]));
  }
  return el('nav', { className: ['rubric-sidebar'], ariaLabel: 'Contents and label taxonomy' }, parts);
}

function taxonomyQuestion(ctx: RenderContext, q: Question): Element {
  const facts: string[] = [String(q.type)];
  if (q.required) facts.push('required');
  if (q.type === 'rating') facts.push(`${q.min ?? 1}–${q.max ?? 5}`);
  const children: ElementContent[] = [
    el('div', { className: ['taxonomy-question-head'] }, [
      el('code', { className: ['question-id'] }, [text(q.id)]),
      text(' '),
      el('span', { className: ['question-facts'] }, [text(facts.join(' · '))]),
    ]),
  ];
  if (q.prompt) children.push(el('p', { className: ['question-prompt'] }, [text(q.prompt)]));
  if (q.when) {
    const answers: ElementContent[] = [];
    q.when.answers.forEach((a, i) => {
      if (i > 0) answers.push(text(', '));
      answers.push(labelRef(ctx, a));
    });
    children.push(el('p', { className: ['question-when'] }, [text('Asked when '), el('code', {}, [text(q.when.questionId)]), text(' is '), ...answers]));
  }
  if (q.rootLabelIds.length > 0) children.push(labelTree(ctx, q.rootLabelIds, new Set()));
  return el('section', { className: ['taxonomy-question'] }, children);
}

function labelTree(ctx: RenderContext, ids: string[], seen: Set<string>): Element {
  const items: ElementContent[] = [];
  for (const id of ids) {
    const label = ctx.schema?.labelsById.get(id);
    if (!label || seen.has(id)) continue;
    seen.add(id);
    const children: ElementContent[] = [treeLink(ctx, label)];
    if (label.childIds.length > 0) children.push(labelTree(ctx, label.childIds, seen));
    items.push(el('li', {}, children));
  }
  return el('ul', { className: ['label-tree'] }, items);
}

function treeLink(ctx: RenderContext, label: Label): Element {
  const classes = ['tree-label'];
  const titles = [label.title ?? label.id];
  if (label.deprecated) {
    classes.push('deprecated');
    titles.push(`deprecated${label.deprecated.replacedBy ? `, use ${label.deprecated.replacedBy}` : ''}`);
  }
  if (!ctx.sectionLabelIds.has(label.id)) {
    classes.push('no-section');
    titles.push('no section in the guideline');
  }
  const dot = label.severity
    ? [el('span', { className: ['severity-dot', `severity-${cssToken(label.severity)}`], title: `severity ${label.severity}` })]
    : [el('span', { className: ['severity-dot', 'severity-unset'], ariaHidden: 'true' })];
  return el('a', { href: `#${labelAnchor(label.id)}`, className: classes, title: titles.join(' — ') }, [
    ...dot,
    el('code', {}, [text(label.id)]),
    ...(label.title ? [el('span', { className: ['tree-title'] }, [text(label.title)])] : []),
  ]);
}
