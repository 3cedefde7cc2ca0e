/**
 * The real Label Studio 1.4.0 editor (@heartexlabs/label-studio, the bundle
 * under build/static) as a test client for our exports, served from
 * 127.0.0.1 with nothing remote.
 *
 * One page per labeling config; inside it, `boot()` mounts a fresh editor for
 * each task (the previous one is unmounted with the instance's own destroy()),
 * which costs ~150 ms instead of a page load that parses the 2 MB bundle again.
 *
 * The page carries a report-only CSP: it blocks nothing (so a hostile-content
 * canary can prove that nothing ran rather than that the CSP stopped it) but
 * reports every attempt to load from elsewhere or run inline script, and the
 * boot script logs (console.error) every resource that is not from this origin.
 */
// Functions passed to page.evaluate run in the browser: they need the DOM types.
/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { watchPage, type PageWatch } from '../support/browser.js';

const require = createRequire(import.meta.url);
const LS_DIR = dirname(require.resolve('@heartexlabs/label-studio/package.json'));
/** The pinned editor version; the bundle's layout (build/static) exists only in 1.4.x. */
export const LABEL_STUDIO_VERSION = (require('@heartexlabs/label-studio/package.json') as { version: string }).version;

/** Selector of the rendered labeling area (absent when the config is rejected). */
export const EDITOR_SELECTOR = '.lsf-main-view__annotation';
/** Selector of the box Label Studio shows instead of the labeling area for an invalid config. */
export const ERRORS_SELECTOR = '.ls-errors';

/** One item of a serialized annotation (`serializeAnnotation()`). */
export interface LabelStudioResultItem {
  id?: string;
  from_name: string;
  to_name: string;
  type: string;
  origin?: string;
  value: Record<string, unknown>;
}

/** A ground-truth or prior annotation to preload into a task. */
export interface PreloadedAnnotation {
  id?: number | string;
  result: LabelStudioResultItem[];
  [key: string]: unknown;
}

/** What the editor said about a config once it booted (or gave up). */
export interface BootReport {
  /** The labeling area rendered. */
  rendered: boolean;
  /** Text of `.ls-errors`, when Label Studio showed it. */
  errorsBox?: string;
  /** `store.annotationStore.validation`: the structured config errors. */
  validation: unknown[];
  /** Milliseconds from mounting to a rendered (or rejected) editor. */
  ms: number;
}

const INTERFACES = ['panel', 'update', 'submit', 'controls', 'topbar', 'side-column', 'annotations:current'];

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Rubric: Label Studio ${LABEL_STUDIO_VERSION} harness</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/ls/main.css">
<script src="/boot.js"></script>
<script src="/ls/main.js"></script>
</head>
<body><div id="roots"></div></body>
</html>
`;

// Runs in the page before the bundle. Kept as plain ES2020 text: it is served, not compiled.
const BOOT = `'use strict';
(function () {
  var state = { submitted: [], loads: 0, instance: null, seq: 0, crashed: false };
  window.__rubric = state;
  // An uncaught error (e.g. "No model registered for tag") means the editor will never load: stop waiting.
  window.addEventListener('error', function () { state.crashed = true; });
  window.addEventListener('unhandledrejection', function () { state.crashed = true; });
  try {
    new PerformanceObserver(function (list) {
      list.getEntries().forEach(function (e) {
        if (e.name.indexOf(location.origin + '/') !== 0 && e.name.indexOf('data:') !== 0) console.error('rubric: request to another origin: ' + e.name);
      });
    }).observe({ type: 'resource', buffered: true });
  } catch (e) { console.error('rubric: no PerformanceObserver: ' + e); }

  /** Mounts a fresh editor on a new root; resolves when Label Studio says it loaded. */
  window.rubricBoot = function (config, data, annotations) {
    if (state.instance) { state.instance.destroy(); state.instance = null; }
    var roots = document.getElementById('roots');
    while (roots.firstChild) roots.removeChild(roots.firstChild);
    var id = 'label-studio-' + (++state.seq);
    var root = document.createElement('div');
    root.id = id;
    roots.appendChild(root);
    state.submitted = [];
    state.loaded = false;
    state.crashed = false;
    state.instance = new window.LabelStudio(id, {
      config: config,
      interfaces: ${JSON.stringify(INTERFACES)},
      user: { pk: 1, firstName: 'Rubric', lastName: 'Test' },
      task: { id: state.seq, annotations: annotations || [], predictions: [], data: data },
      onLabelStudioLoad: function (LS) {
        var as = LS.annotationStore;
        // Called while the store is created, before it loads the task's annotations (it selects each as it adds it):
        // only a task without annotations needs a fresh one here.
        if (!(annotations && annotations.length)) { var c = as.addAnnotation({ userGenerate: true }); as.selectAnnotation(c.id); }
        state.loaded = true;
        state.loads++;
      },
      onSubmitAnnotation: function (LS, annotation) {
        state.submitted.push(annotation.serializeAnnotation());
      },
    });
  };
})();
`;

/** A node:http server on 127.0.0.1 (random port) serving the harness page and the editor bundle. */
export interface LabelStudioServer {
  origin: string;
  close(): Promise<void>;
}

/** Starts the harness server. */
export async function startLabelStudioServer(): Promise<LabelStudioServer> {
  const files: Record<string, { type: string; body: Buffer | string }> = {
    '/': { type: 'text/html; charset=utf-8', body: PAGE },
    '/boot.js': { type: 'text/javascript; charset=utf-8', body: BOOT },
    '/ls/main.js': { type: 'text/javascript; charset=utf-8', body: readFileSync(join(LS_DIR, 'build/static/js/main.js')) },
    '/ls/main.css': { type: 'text/css; charset=utf-8', body: readFileSync(join(LS_DIR, 'build/static/css/main.css')) },
  };
  // Report-only: nothing is blocked, every would-be violation is reported to the page's watcher.
  const csp = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; media-src 'self' blob:; worker-src 'self' blob:";
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    const file = files[path];
    if (!file) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end(`no ${path}`);
      return;
    }
    res.writeHead(200, { 'content-type': file.type, 'cache-control': 'max-age=3600', 'content-security-policy-report-only': csp }).end(file.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve()))),
  };
}

/** The editor page of one config, and what it did. */
export interface EditorPage {
  page: Page;
  watch: PageWatch;
  /** Mounts a fresh editor with `config` and a task with `data` (and preloaded annotations). */
  boot(data: Record<string, unknown>, annotations?: PreloadedAnnotation[]): Promise<BootReport>;
  /** Clicks Submit and returns the serialized result Label Studio handed to onSubmitAnnotation. */
  submit(): Promise<LabelStudioResultItem[]>;
  /** The selected annotation's serialized result, without submitting. */
  serialized(): Promise<LabelStudioResultItem[]>;
  /** Requests to anything but this origin (or data:), console errors and page errors so far. */
  problems(): Promise<string[]>;
  close(): Promise<void>;
}

/**
 * Opens a fresh page on the harness for one labeling config. Pages of one
 * context share the HTTP cache and V8's code cache, so the 2 MB bundle is
 * compiled once per file rather than once per config.
 */
export async function openEditor(context: BrowserContext, origin: string, config: string): Promise<EditorPage> {
  const page = await context.newPage();
  const watch = await watchPage(page);
  page.on('dialog', (d) => {
    watch.errors.push(`dialog ${d.type()}: ${d.message()}`);
    void d.dismiss();
  });
  await page.goto(`${origin}/`, { waitUntil: 'load' });

  async function boot(data: Record<string, unknown>, annotations: PreloadedAnnotation[] = []): Promise<BootReport> {
    // Chromium throttles pages in the background (animation frames, timers): the page a test drives is in front.
    await page.bringToFront();
    const started = Date.now();
    await page.evaluate(
      ({ config, data, annotations }) => (window as unknown as { rubricBoot: (c: string, d: unknown, a: unknown) => void }).rubricBoot(config, data, annotations),
      { config, data, annotations },
    );
    // Either the editor renders, or Label Studio shows its errors box, or it threw (a page error).
    await page
      .waitForFunction(
        ({ editor, errors }) => {
          const s = (window as unknown as { __rubric: { loaded: boolean; crashed: boolean } }).__rubric;
          return s.crashed || document.querySelector(errors) !== null || (s.loaded && document.querySelector(editor) !== null);
        },
        { editor: EDITOR_SELECTOR, errors: ERRORS_SELECTOR },
        { timeout: 5_000, polling: 20 },
      )
      .catch(() => undefined);
    const state = await page.evaluate(
      ({ editor, errors }) => {
        const box = document.querySelector(errors);
        const htx = (window as unknown as { Htx?: { annotationStore?: { validation?: unknown[] | null } } }).Htx;
        const validation = htx?.annotationStore?.validation;
        return {
          rendered: document.querySelector(editor) !== null,
          errorsBox: box ? (box.textContent ?? '') : undefined,
          // A mobx array: copy it out as plain JSON.
          validation: validation ? (JSON.parse(JSON.stringify(validation)) as unknown[]) : [],
        };
      },
      { editor: EDITOR_SELECTOR, errors: ERRORS_SELECTOR },
    );
    return { ...state, ...(state.errorsBox === undefined ? { errorsBox: undefined } : {}), ms: Date.now() - started };
  }

  async function submit(): Promise<LabelStudioResultItem[]> {
    const before = await page.evaluate(() => (window as unknown as { __rubric: { submitted: unknown[] } }).__rubric.submitted.length);
    await page.click('button[aria-label="submit"]');
    await page.waitForFunction((n) => (window as unknown as { __rubric: { submitted: unknown[] } }).__rubric.submitted.length > n, before, { timeout: 5_000, polling: 20 });
    return page.evaluate(() => {
      const s = (window as unknown as { __rubric: { submitted: unknown[] } }).__rubric.submitted;
      return JSON.parse(JSON.stringify(s[s.length - 1])) as LabelStudioResultItem[];
    });
  }

  async function serialized(): Promise<LabelStudioResultItem[]> {
    return page.evaluate(() => {
      const htx = (window as unknown as { Htx: { annotationStore: { selected: { serializeAnnotation(): unknown } } } }).Htx;
      return JSON.parse(JSON.stringify(htx.annotationStore.selected.serializeAnnotation())) as LabelStudioResultItem[];
    });
  }

  async function problems(): Promise<string[]> {
    const out: string[] = [];
    for (const url of watch.requests) if (!url.startsWith(`${origin}/`) && !url.startsWith('data:')) out.push(`request to another origin: ${url}`);
    for (const url of watch.failed) out.push(`failed request: ${url}`);
    for (const m of watch.console) if (m.startsWith('error:')) out.push(`console ${m}`);
    for (const e of watch.errors) out.push(`page error: ${e}`);
    for (const v of await watch.violations()) out.push(`CSP (report-only) violation: ${v}`);
    return out;
  }

  return { page, watch, boot, submit, serialized, problems, close: () => page.close() };
}
