// @ts-check
/**
 * The compare panel's only script (loaded with the page's nonce). It swaps in
 * new fragments from the extension without reloading, and turns a click on a
 * change's "go to" link into a request to reveal that label's section in
 * guideline.md (the link's data-line, 1-based).
 *
 * Messages in:  {type:'update', html, seq}
 * Messages out: {type:'ready'|'rendered', seq, changes, levels, jumps, required, declared, theme} | {type:'revealLine', line}
 */
(function () {
  'use strict';
  const vscode = acquireVsCodeApi();
  const found = document.getElementById('rubric-compare-root');
  if (!found) return;
  /** @type {HTMLElement} */
  const root = found;

  /**
   * What the extension (and its tests) learn about the page after each render; `seq` is the number of the update rendered (0: the page as loaded).
   * @param {'ready' | 'rendered'} type
   * @param {number} [seq]
   */
  function summary(type, seq = 0) {
    const bump = root.querySelector('.rubric-bump');
    const theme = ['vscode-light', 'vscode-dark', 'vscode-high-contrast', 'vscode-high-contrast-light'].find((c) => document.body.classList.contains(c)) || 'none';
    return {
      type,
      seq,
      changes: root.querySelectorAll('.rubric-change').length,
      levels: Array.from(root.querySelectorAll('.rubric-change-group'), (g) => g.getAttribute('data-level') || ''),
      jumps: Array.from(root.querySelectorAll('a.rubric-jump'), (a) => a.getAttribute('data-label') || ''),
      required: bump ? bump.getAttribute('data-required') : null,
      declared: bump ? bump.getAttribute('data-declared') : null,
      theme,
    };
  }

  root.addEventListener('click', (event) => {
    const target = event.target instanceof Element ? event.target.closest('a.rubric-jump') : null;
    if (!target) return;
    event.preventDefault();
    const line = Number(target.getAttribute('data-line'));
    if (Number.isFinite(line) && line >= 1) vscode.postMessage({ type: 'revealLine', line });
  });

  window.addEventListener('message', (event) => {
    const message = event.data;
    if (!message || typeof message !== 'object') return;
    if (message.type === 'update' && typeof message.html === 'string') {
      // The fragment was built by @rubric/render with every text escaped; the CSP forbids running anything in it anyway.
      root.innerHTML = message.html;
      vscode.postMessage(summary('rendered', typeof message.seq === 'number' ? message.seq : 0));
    }
  });

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', () => vscode.postMessage(summary('ready')));
  else vscode.postMessage(summary('ready'));
})();
