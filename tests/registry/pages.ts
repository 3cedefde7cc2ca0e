/**
 * Checks every catalog page test shares: a page fetched as a browser asks
 * for it, its HTML held to the catalog's rules (strict CSP with a fresh
 * nonce, every style nonce'd, no script, no handler, no remote resource), and
 * the page loaded in headless Chromium (no console error, no CSP violation,
 * no request to another host, nothing hostile runs, the stylesheet applies),
 * with a screenshot to look at in tests/.tmp/screenshots.
 */
// Functions passed to page.evaluate run in the browser: they need the DOM types.
/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { expect } from 'vitest';
import { launchBrowser, watchPage, type PageWatch } from '../support/browser.js';
import { ROOT } from '../support/cli.js';

/** Reason phrases Chromium logs with a failed page load. */
const STATUS_TEXT: Record<number, string> = { 400: 'Bad Request', 403: 'Forbidden', 404: 'Not Found', 500: 'Internal Server Error' };

/** Where screenshots go. */
export const SCREENSHOTS = join(ROOT, 'tests/.tmp/screenshots');

/** A catalog page as fetched. */
export interface FetchedPage {
  status: number;
  headers: Headers;
  html: string;
}

/** GET a catalog page as a browser asks for it (redirects not followed). */
export async function getPage(base: string, path: string): Promise<FetchedPage> {
  const res = await fetch(`${base}${path}`, { headers: { Accept: 'text/html,application/xhtml+xml,*/*;q=0.8' }, redirect: 'manual' });
  return { status: res.status, headers: res.headers, html: await res.text() };
}

/** The catalog's rules for a page's HTML and headers; `again` is a second fetch of the same page (its nonce must differ). */
export function expectStrictHtml(a: FetchedPage, again: FetchedPage): void {
  expect(a.headers.get('content-type')).toBe('text/html; charset=utf-8');
  const csp = a.headers.get('content-security-policy') ?? '';
  const nonce = /style-src 'nonce-([A-Za-z0-9+/=]+)'/.exec(csp)?.[1];
  expect(nonce).toBeTruthy();
  expect(csp).toMatch(/^default-src 'none'; style-src 'nonce-[^']+'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'$/);
  expect(again.headers.get('content-security-policy')).not.toBe(csp);
  // Every <style> carries the nonce; there is no script at all.
  expect(a.html.match(/<style\b[^>]*>/g)?.every((tag) => tag.includes(`nonce="${nonce}"`))).toBe(true);
  expect(a.html).not.toMatch(/<script\b/i);
  // No event handler attribute (text that merely reads "onerror=" is fine), no style attribute, no script URL, no remote resource.
  expect(a.html).not.toMatch(/(?:<[a-z][a-z0-9-]*|["'])\s+on[a-z]+\s*=/i);
  expect(a.html).not.toMatch(/<[a-z][a-z0-9-]*\b[^<>]*\sstyle\s*=/i);
  expect(a.html).not.toMatch(/\s(?:href|src|action|formaction)="\s*javascript:/i);
  expect(a.html).not.toMatch(/\ssrc(?:set)?="\s*(?:https?:)?\/\//i);
  // A remote url() in a stylesheet (text that merely reads "url(https://" is fine).
  for (const style of a.html.match(/<style\b[^>]*>[\s\S]*?<\/style>/gi) ?? []) expect(style).not.toMatch(/url\(\s*['"]?\s*(?:https?:)?\/\//i);
  expect(a.html).not.toMatch(/<link\b[^>]*href="\s*(?:https?:)?\/\//i);
}

/** A page in a fresh browser context, with every request, console message and error it caused. */
export interface Visit extends Omit<PageWatch, 'failed'> {
  page: Page;
  status: number | undefined;
}

/** Opens catalog pages of one registry in one headless Chromium. */
export class Browsing {
  private browser: Browser | undefined;

  constructor(readonly base: string) {}

  /** Opens `path` in a fresh context (light, 1280×900 unless asked otherwise). */
  async visit(path: string, options: { width?: number; colorScheme?: 'light' | 'dark' } = {}): Promise<Visit> {
    this.browser ??= (await launchBrowser()).browser;
    const context = await this.browser.newContext({ viewport: { width: options.width ?? 1280, height: 900 }, colorScheme: options.colorScheme ?? 'light' });
    const page = await context.newPage();
    const watch = await watchPage(page);
    const response = await page.goto(`${this.base}${path}`, { waitUntil: 'load' });
    return { page, status: response?.status(), requests: watch.requests, console: watch.console, errors: watch.errors, violations: watch.violations };
  }

  /** Holds a visited page to the catalog's rules (see the top of this file). */
  async expectClean(v: Visit, status = 200): Promise<void> {
    // Fire the events a surviving handler would wait for.
    await v.page.evaluate(() => {
      for (const el of document.querySelectorAll('*')) for (const type of ['mouseover', 'click', 'focus', 'load', 'error']) el.dispatchEvent(new Event(type));
    });
    expect(await v.page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();
    expect(await v.violations()).toEqual([]);
    // An error page's own status is the one message Chromium logs for it.
    const expected = status >= 400 ? [`error: Failed to load resource: the server responded with a status of ${status} (${STATUS_TEXT[status] ?? ''})`] : [];
    expect(v.console.filter((m) => !m.startsWith('log:') && !m.startsWith('info:') && !m.startsWith('debug:'))).toEqual(expected);
    expect(v.errors).toEqual([]);
    for (const url of v.requests) expect(url.startsWith(`${this.base}/`) || url.startsWith('data:'), url).toBe(true);
    const dom = await v.page.evaluate(() => ({
      scripts: document.querySelectorAll('script').length,
      handlers: [...document.querySelectorAll('*')].flatMap((e) => [...e.attributes].filter((a) => /^on/i.test(a.name)).map((a) => a.name)),
      bad: document.querySelectorAll('iframe, object, embed, form, base, style:not([nonce]), meta[http-equiv="refresh"], foreignObject').length,
      jsLinks: [...document.querySelectorAll('a[href]')].filter((a) => /^\s*javascript:/i.test(a.getAttribute('href') ?? '')).length,
      // The nonce'd stylesheet applied: the bar is sticky.
      barPosition: getComputedStyle(document.querySelector('.catalog-bar') as Element).position,
    }));
    expect(dom).toEqual({ scripts: 0, handlers: [], bad: 0, jsLinks: 0, barPosition: 'sticky' });
  }

  async close(): Promise<void> {
    await this.browser?.close();
  }
}

/** Saves a screenshot to tests/.tmp/screenshots/<name>.png and checks it is a real image. */
export async function screenshot(page: Page, name: string, fullPage = false): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const file = join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage });
  const png = readFileSync(file);
  expect(png.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe(true);
  expect(png.length).toBeGreaterThan(10_000);
  return file;
}

/** Saves a screenshot of the first element `selector` matches (a section of a long page) to tests/.tmp/screenshots/<name>.png. */
export async function sectionScreenshot(page: Page, selector: string, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const file = join(SCREENSHOTS, `${name}.png`);
  // A viewport as tall as the page: the section is taken without scrolling, so the sticky bar stays at the top.
  const width = page.viewportSize()?.width ?? 1280;
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  await page.setViewportSize({ width, height: Math.min(16_000, Math.max(900, height)) });
  await page.locator(selector).first().screenshot({ path: file });
  expect(readFileSync(file).length).toBeGreaterThan(2_000);
  return file;
}
