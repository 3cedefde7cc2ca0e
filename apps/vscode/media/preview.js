// @ts-check
/**
 * The preview webview's only script (loaded with the page's nonce). It swaps
 * in new fragments from the extension without reloading (so the scroll
 * position stays), and keeps editor and preview scrolled to the same place:
 * every rendered block carries data-line, the 1-based line of guideline.md
 * it came from.
 *
 * Messages in:  {type:'update', html} | {type:'scrollTo', line} | {type:'config', scrollSync}
 * Messages out: {type:'ready'|'rendered', labels, blocks, theme} | {type:'revealLine', line}
 */
(function () {
  'use strict';
  /** How long scroll events are ignored after a scroll we caused, so the two sides do not chase each other. */
  const ECHO_MS = 300;

  const vscode = acquireVsCodeApi();
  const found = document.getElementById('rubric-preview-root');
  if (!found) return;
  /** @type {HTMLElement} */
  const root = found;
  let scrollSync = root.dataset.scrollSync === 'true';
  let ignoreScrollUntil = 0;
  let frame = 0;

  /** @returns {{ line: number, top: number, bottom: number }[]} blocks in document order */
  function blocks() {
    /** @type {{ line: number, top: number, bottom: number }[]} */
    const out = [];
    for (const element of root.querySelectorAll('[data-line]')) {
      const line = Number(element.getAttribute('data-line'));
      if (!Number.isFinite(line) || line < 1) continue;
      const rect = element.getBoundingClientRect();
      out.push({ line, top: rect.top + window.scrollY, bottom: rect.bottom + window.scrollY });
    }
    return out;
  }

  /**
   * Scrolls so that `line` (1-based, may be fractional) is at the top, interpolating between blocks.
   * @param {number} line
   */
  function scrollToLine(line) {
    const all = blocks();
    let before;
    let after;
    for (const block of all) {
      if (block.line <= line) before = block;
      else if (!after || block.line < after.line) after = block;
    }
    let y = 0;
    if (before && after && after.line > before.line) y = before.top + ((line - before.line) / (after.line - before.line)) * (after.top - before.top);
    else if (before) y = before.top;
    ignoreScrollUntil = performance.now() + ECHO_MS;
    window.scrollTo(0, Math.max(0, y));
  }

  /** The 1-based editor line at the top of the viewport (fractional within a block). */
  function topLine() {
    const all = blocks();
    const y = window.scrollY;
    let current;
    let next;
    for (const block of all) {
      if (block.top <= y) current = block;
      else if (!next || block.top < next.top) next = block;
    }
    if (!current) return all[0] ? all[0].line : 1;
    if (next && next.line > current.line && next.top > current.top) return current.line + ((y - current.top) / (next.top - current.top)) * (next.line - current.line);
    return current.line;
  }

  /**
   * What the extension (and its tests) learn about the page after each render; `seq` is the number of the update rendered (0: the page as loaded).
   * @param {'ready' | 'rendered'} type
   * @param {number} [seq]
   */
  function summary(type, seq = 0) {
    const labels = Array.from(root.querySelectorAll('[id^="label-"]'), (e) => e.id.slice('label-'.length));
    const theme = ['vscode-light', 'vscode-dark', 'vscode-high-contrast', 'vscode-high-contrast-light'].find((c) => document.body.classList.contains(c)) || 'none';
    return { type, seq, labels, blocks: root.querySelectorAll('[data-line]').length, theme };
  }

  window.addEventListener('message', (event) => {
    const message = event.data;
    if (!message || typeof message !== 'object') return;
    if (message.type === 'update' && typeof message.html === 'string') {
      // The fragment was sanitized by @rubric/render; the CSP forbids running anything in it anyway.
      root.innerHTML = message.html;
      vscode.postMessage(summary('rendered', typeof message.seq === 'number' ? message.seq : 0));
    } else if (message.type === 'scrollTo' && typeof message.line === 'number' && scrollSync) {
      scrollToLine(message.line);
    } else if (message.type === 'config' && typeof message.scrollSync === 'boolean') {
      scrollSync = message.scrollSync;
    }
  });

  window.addEventListener('scroll', () => {
    if (!scrollSync || performance.now() < ignoreScrollUntil || frame) return;
    frame = requestAnimationFrame(() => {
      frame = 0;
      if (performance.now() < ignoreScrollUntil) return;
      vscode.postMessage({ type: 'revealLine', line: topLine() });
    });
  }, { passive: true });

  // VS Code puts the theme class on <body> as the document finishes loading: report after that.
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', () => vscode.postMessage(summary('ready')));
  else vscode.postMessage(summary('ready'));
})();
