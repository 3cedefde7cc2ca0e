/**
 * The stylesheet of a rendered guideline. Colors are CSS variables: inside a
 * VS Code webview they follow the editor theme through `--vscode-*`, in the
 * catalog they fall back to a light palette and to a dark one under
 * `prefers-color-scheme: dark`. No fonts or images are loaded.
 */

/** CSS for renderGuideline's fragment (renderPage inlines it in a nonce'd `<style>`). */
export const RENDER_CSS = `
:root {
  --r-fg: var(--vscode-editor-foreground, #1f2328);
  --r-bg: var(--vscode-editor-background, #ffffff);
  --r-muted: var(--vscode-descriptionForeground, #59636e);
  --r-border: var(--vscode-panel-border, #d1d9e0);
  --r-subtle: var(--vscode-textBlockQuote-background, #f6f8fa);
  --r-code-bg: var(--vscode-textCodeBlock-background, #eff2f5);
  --r-card: var(--vscode-editorWidget-background, #ffffff);
  --r-link: var(--vscode-textLink-foreground, #0969da);
  --r-focus: var(--vscode-focusBorder, #0969da);
  --r-green: #1a7f37;
  --r-blue: #0969da;
  --r-amber: #9a6700;
  --r-orange: #bc4c00;
  --r-red: #cf222e;
  --r-gray: #59636e;
  --r-purple: #8250df;
  --r-shadow: 0 1px 2px rgba(31, 35, 40, 0.06), 0 1px 6px rgba(31, 35, 40, 0.04);
  --r-font: var(--vscode-markdown-font-family, var(--vscode-font-family, -apple-system, BlinkMacSystemFont, "Segoe UI", "Noto Sans", Helvetica, Arial, "Liberation Sans", sans-serif, "Apple Color Emoji", "Segoe UI Emoji", "Noto Color Emoji"));
  --r-mono: var(--vscode-editor-font-family, ui-monospace, SFMono-Regular, "SF Mono", Menlo, Consolas, "Liberation Mono", "DejaVu Sans Mono", monospace);
  color-scheme: light dark;
}
@media (prefers-color-scheme: dark) {
  :root {
    --r-fg: var(--vscode-editor-foreground, #e6edf3);
    --r-bg: var(--vscode-editor-background, #0d1117);
    --r-muted: var(--vscode-descriptionForeground, #9198a1);
    --r-border: var(--vscode-panel-border, #3d444d);
    --r-subtle: var(--vscode-textBlockQuote-background, #151b23);
    --r-code-bg: var(--vscode-textCodeBlock-background, #262c36);
    --r-card: var(--vscode-editorWidget-background, #151b23);
    --r-link: var(--vscode-textLink-foreground, #4493f8);
    --r-focus: var(--vscode-focusBorder, #4493f8);
    --r-green: #3fb950;
    --r-blue: #4493f8;
    --r-amber: #d29922;
    --r-orange: #f0883e;
    --r-red: #f85149;
    --r-gray: #9198a1;
    --r-purple: #ab7df8;
    --r-shadow: none;
  }
}
body.rubric-page { margin: 0; background: var(--r-bg); color: var(--r-fg); }
.rubric-guideline {
  box-sizing: border-box; max-width: 1240px; margin: 0 auto; padding: 28px 32px 64px;
  font-family: var(--r-font); font-size: 15px; line-height: 1.6; color: var(--r-fg);
  overflow-wrap: anywhere; word-break: normal;
}
.rubric-guideline *, .rubric-guideline *::before, .rubric-guideline *::after { box-sizing: border-box; }
.rubric-guideline a { color: var(--r-link); text-decoration: none; }
.rubric-guideline a:hover { text-decoration: underline; }
.rubric-guideline a:focus-visible { outline: 2px solid var(--r-focus); outline-offset: 2px; border-radius: 3px; }
.rubric-guideline code, .rubric-guideline pre { font-family: var(--r-mono); font-size: 0.86em; }
.rubric-guideline :not(pre) > code { background: var(--r-code-bg); padding: 0.12em 0.38em; border-radius: 5px; }
.rubric-guideline pre {
  background: var(--r-code-bg); padding: 12px 14px; border-radius: 8px; overflow-x: auto; line-height: 1.45; max-width: 100%;
}
.rubric-guideline pre code { background: none; padding: 0; font-size: 1em; white-space: pre; overflow-wrap: normal; }

/* Header */
.guideline-header { border-bottom: 1px solid var(--r-border); padding-bottom: 18px; margin-bottom: 28px; }
.guideline-title { font-size: 2.1em; line-height: 1.2; margin: 0 0 12px; font-weight: 650; letter-spacing: -0.01em; }
.guideline-meta { display: flex; flex-wrap: wrap; align-items: center; gap: 8px 18px; color: var(--r-muted); font-size: 0.92em; }
.meta-key { text-transform: uppercase; font-size: 0.78em; letter-spacing: 0.06em; font-weight: 600; opacity: 0.85; margin-right: 2px; }
.meta-item code { color: var(--r-fg); }
.status-note { margin: 14px 0 0; padding: 8px 12px; border-radius: 8px; font-weight: 500; }
.status-note.status-draft, .status-note.status-review { background: color-mix(in srgb, var(--r-amber) 12%, transparent); border: 1px dashed var(--r-amber); }
.status-note.status-deprecated { background: color-mix(in srgb, var(--r-red) 12%, transparent); border: 1px solid var(--r-red); }
.load-problem { margin: 14px 0 0; padding: 8px 12px; border-radius: 8px; border: 1px solid var(--r-red); color: var(--r-red); }

/* Badges and chips */
.badge {
  display: inline-flex; align-items: center; padding: 1px 10px; border-radius: 999px; font-size: 0.8em; font-weight: 600;
  line-height: 1.6; border: 1px solid transparent; white-space: nowrap;
}
.badge.status { text-transform: uppercase; letter-spacing: 0.06em; }
.status-approved.badge { background: var(--r-green); color: var(--r-bg); }
.status-review.badge { background: color-mix(in srgb, var(--r-blue) 14%, transparent); color: var(--r-blue); border-color: var(--r-blue); }
.status-draft.badge { background: repeating-linear-gradient(-45deg, color-mix(in srgb, var(--r-amber) 18%, transparent) 0 6px, transparent 6px 12px); color: var(--r-amber); border: 1px dashed var(--r-amber); }
.status-deprecated.badge { background: var(--r-red); color: var(--r-bg); text-decoration: line-through; }
.chip {
  display: inline-flex; align-items: baseline; gap: 6px; max-width: 100%; padding: 2px 10px; border-radius: 999px;
  border: 1px solid var(--r-border); background: var(--r-subtle); font-size: 0.82em; line-height: 1.55;
}
.chip-key { color: var(--r-muted); font-size: 0.86em; font-weight: 600; text-transform: uppercase; letter-spacing: 0.05em; white-space: nowrap; }
.chip-value { min-width: 0; }
.chip code, .chip :not(pre) > code { font-size: 0.95em; padding: 0 0.3em; }
.label-meta { display: flex; flex-wrap: wrap; gap: 6px; margin: -6px 0 14px; }
.severity-none { --sev: var(--r-gray); }
.severity-low { --sev: var(--r-blue); }
.severity-medium { --sev: var(--r-amber); }
.severity-high { --sev: var(--r-orange); }
.severity-critical { --sev: var(--r-red); }
.chip-severity { border-color: color-mix(in srgb, var(--sev, var(--r-gray)) 45%, transparent); background: color-mix(in srgb, var(--sev, var(--r-gray)) 12%, transparent); }
.chip-severity .chip-value { color: var(--sev, var(--r-fg)); font-weight: 600; }
.chip-deprecated { border-color: var(--r-red); background: color-mix(in srgb, var(--r-red) 10%, transparent); }
.chip-deprecated .chip-key { color: var(--r-red); }
.chip.unknown-label { border-color: var(--r-red); color: var(--r-red); }

/* Label references */
a.label-ref { text-decoration: none; }
a.label-ref code { color: var(--r-link); }
a.label-ref:hover code { text-decoration: underline; }
.deprecated-label code, code.deprecated-label { text-decoration: line-through; text-decoration-color: var(--r-red); }
code.unknown-label { color: var(--r-red); text-decoration: underline wavy var(--r-red); text-underline-offset: 3px; cursor: help; }
/* History (the changelog): labels as they were; never marked unknown */
code.label-history { color: var(--r-muted); }
a.label-history-link { text-decoration: none; }
a.label-history-link:hover code { text-decoration: underline; }
.rubric-guideline a.blocked-link { color: var(--r-red); text-decoration: line-through; cursor: not-allowed; }
.image-placeholder { display: inline-block; padding: 2px 8px; border: 1px dashed var(--r-border); border-radius: 6px; color: var(--r-muted); font-size: 0.9em; }
.bidi-control {
  display: inline-block; padding: 0 3px; margin: 0 1px; border-radius: 4px; font-family: var(--r-mono); font-size: 0.78em;
  color: var(--r-red); background: color-mix(in srgb, var(--r-red) 12%, transparent); unicode-bidi: isolate; direction: ltr;
}

/* Layout */
.rubric-body { display: grid; grid-template-columns: minmax(220px, 290px) minmax(0, 1fr); gap: 40px; align-items: start; }
.no-sidebar .rubric-body { grid-template-columns: minmax(0, 1fr); }
.rubric-content { min-width: 0; max-width: 860px; }
.rubric-sidebar {
  position: sticky; top: 16px; max-height: calc(100vh - 32px); overflow: auto; font-size: 0.88em; line-height: 1.45;
  padding-right: 8px; scrollbar-width: thin;
}
@media (max-width: 900px) {
  .rubric-guideline { padding: 20px 18px 48px; }
  .rubric-body { grid-template-columns: minmax(0, 1fr); gap: 20px; }
  .rubric-sidebar { position: static; max-height: none; border: 1px solid var(--r-border); border-radius: 10px; padding: 8px 12px; }
}
.sidebar-section { margin-bottom: 18px; }
.sidebar-section > summary {
  cursor: pointer; font-weight: 650; font-size: 0.78em; text-transform: uppercase; letter-spacing: 0.08em; color: var(--r-muted);
  padding: 4px 0; list-style-position: inside;
}
.contents { list-style: none; margin: 4px 0 0; padding: 0; }
.contents li a { display: block; padding: 3px 8px; border-radius: 6px; color: var(--r-fg); }
.contents li a:hover { background: var(--r-subtle); text-decoration: none; }
.taxonomy-question { margin: 10px 0 16px; padding-top: 10px; border-top: 1px solid var(--r-border); }
.taxonomy-question-head { display: flex; align-items: baseline; gap: 6px; flex-wrap: wrap; }
.question-id { font-weight: 650; }
.question-facts { color: var(--r-muted); font-size: 0.9em; }
.question-prompt, .question-when { margin: 2px 0 6px; color: var(--r-muted); }
.label-tree { list-style: none; margin: 0; padding: 0; }
.label-tree .label-tree { padding-left: 14px; margin-left: 5px; border-left: 1px solid var(--r-border); }
.rubric-guideline a.tree-label {
  display: grid; grid-template-columns: 8px minmax(0, 1fr); column-gap: 8px; padding: 3px 6px; border-radius: 6px; color: var(--r-fg);
}
.rubric-guideline a.tree-label:hover { background: var(--r-subtle); text-decoration: none; }
.rubric-guideline .tree-label code { background: none; padding: 0; font-size: 0.92em; color: var(--r-link); overflow-wrap: anywhere; }
.tree-title { grid-column: 2; color: var(--r-muted); font-size: 0.9em; line-height: 1.3; }
.rubric-guideline .tree-label.deprecated code { text-decoration: line-through; color: var(--r-muted); }
.rubric-guideline .tree-label.no-section code { color: var(--r-muted); font-style: italic; }
.severity-dot { width: 8px; height: 8px; border-radius: 50%; background: var(--sev, transparent); align-self: center; }
.tree-label .severity-dot { grid-row: 1; align-self: center; }
.severity-dot.severity-unset { border: 1px solid var(--r-border); }

/* Content */
.rubric-content > :first-child { margin-top: 0; }
.rubric-content h1, .rubric-content h2, .rubric-content h3, .rubric-content h4, .rubric-content h5, .rubric-content h6 {
  line-height: 1.3; margin: 1.8em 0 0.6em; font-weight: 650; scroll-margin-top: 16px;
}
.rubric-content h1 { font-size: 1.8em; }
.rubric-content h2 { font-size: 1.45em; padding-bottom: 0.3em; border-bottom: 1px solid var(--r-border); }
.rubric-content h3 { font-size: 1.2em; }
.rubric-content h4 { font-size: 1.05em; }
.rubric-content h5, .rubric-content h6 { font-size: 0.95em; color: var(--r-muted); }
.label-heading { display: flex; flex-wrap: wrap; align-items: baseline; gap: 0 10px; }
.label-heading.deprecated { color: var(--r-muted); }
.label-self code.label-id { font-size: 0.82em; color: var(--r-link); background: color-mix(in srgb, var(--r-link) 10%, transparent); padding: 0.15em 0.45em; }
.anchor-alias { display: none; }
.rubric-content p, .rubric-content ul, .rubric-content ol, .rubric-content table, .rubric-content blockquote, .rubric-content pre { margin: 0 0 1em; }
.rubric-content ul, .rubric-content ol { padding-left: 1.6em; }
.rubric-content li + li { margin-top: 0.25em; }
.rubric-content blockquote { padding: 0 1em; color: var(--r-muted); border-left: 4px solid var(--r-border); }
.rubric-content hr { border: 0; border-top: 1px solid var(--r-border); margin: 2em 0; }
.rubric-content table { display: block; max-width: 100%; overflow-x: auto; border-collapse: collapse; font-size: 0.94em; }
.rubric-content th, .rubric-content td { border: 1px solid var(--r-border); padding: 6px 12px; text-align: left; vertical-align: top; }
.rubric-content th { background: var(--r-subtle); font-weight: 600; }
.rubric-content td[align="center"], .rubric-content th[align="center"] { text-align: center; }
.rubric-content td[align="right"], .rubric-content th[align="right"] { text-align: right; }
.rubric-content img { max-width: 100%; height: auto; }
.task-list-item { list-style: none; }
.task-list-item input { margin: 0 0.4em 0 -1.3em; }
.sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }

/* Example cards */
.example-card {
  --kind: var(--r-gray);
  margin: 0 0 16px; padding: 12px 16px 14px; border: 1px solid var(--r-border); border-left: 4px solid var(--kind);
  border-radius: 10px; background: var(--r-card); box-shadow: var(--r-shadow);
}
.example-positive { --kind: var(--r-green); }
.example-negative { --kind: var(--r-red); }
.example-borderline { --kind: var(--r-amber); }
.example-invalid { --kind: var(--r-purple); border-style: dashed; border-left-style: solid; }
.example-head { display: flex; flex-wrap: wrap; align-items: center; gap: 8px; margin-bottom: 8px; }
.badge.kind { text-transform: uppercase; letter-spacing: 0.06em; font-size: 0.72em; }
.kind-positive { color: var(--r-green); background: color-mix(in srgb, var(--r-green) 12%, transparent); border-color: color-mix(in srgb, var(--r-green) 40%, transparent); }
.kind-negative { color: var(--r-red); background: color-mix(in srgb, var(--r-red) 10%, transparent); border-color: color-mix(in srgb, var(--r-red) 40%, transparent); }
.kind-borderline { color: var(--r-amber); background: color-mix(in srgb, var(--r-amber) 12%, transparent); border-color: color-mix(in srgb, var(--r-amber) 45%, transparent); }
.kind-invalid, .kind-unknown { color: var(--r-purple); background: color-mix(in srgb, var(--r-purple) 12%, transparent); border-color: color-mix(in srgb, var(--r-purple) 45%, transparent); }
.example-id { font-family: var(--r-mono); font-size: 0.8em; color: var(--r-muted); }
.example-text {
  unicode-bidi: isolate; white-space: pre-wrap; overflow-wrap: anywhere; margin: 0 0 10px; padding: 8px 14px;
  border-left: 3px solid color-mix(in srgb, var(--kind) 55%, var(--r-border)); background: var(--r-subtle); border-radius: 0 8px 8px 0;
  font-size: 1.02em;
}
.example-missing { color: var(--r-muted); font-style: italic; }
.span-mark { background: color-mix(in srgb, var(--r-amber) 28%, transparent); color: inherit; border-radius: 3px; padding: 0 1px; }
.rubric-content .answers { display: flex; flex-wrap: wrap; gap: 6px; list-style: none; margin: 0 0 10px; padding: 0; }
.rubric-content .answers li + li { margin-top: 0; }
.answer { max-width: 100%; }
.answer-chip { background: var(--r-bg); }
.span-quote { font-style: italic; }
.answer-text { white-space: normal; }
.example-why { color: var(--r-fg); font-size: 0.95em; }
.why-label { font-weight: 650; font-size: 0.78em; text-transform: uppercase; letter-spacing: 0.06em; color: var(--r-muted); margin-right: 4px; }
.example-problems { margin: 0 0 8px; color: var(--r-purple); }
.example-raw { margin: 0; }
`;
