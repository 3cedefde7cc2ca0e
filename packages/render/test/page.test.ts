/** renderPage: the document shell, its Content-Security-Policy and the script slot. */
import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, renderPage } from '../src/index.js';
import { loadDir, realSetDirs } from './support.js';

const NONCE = 'cmVuZGVyLXRlc3Qtbm9uY2U=';
const set = loadDir(realSetDirs()[0]!);

describe('renderPage', () => {
  it('locks the page down with a CSP meta tag and no remote resources', () => {
    const page = renderPage(set, { nonce: NONCE });
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(page)?.[1];
    expect(csp).toBe(`default-src 'none'; style-src 'nonce-${NONCE}'; img-src data:; base-uri 'none'; form-action 'none'`);
    expect(page).toMatch(/^<!doctype html>\n<html lang="en">/);
    expect(page).toContain(`<style nonce="${NONCE}">`);
    expect(page).not.toMatch(/<script/);
    expect(page).not.toMatch(/(?:src|href)="(?:https?:)?\/\//);
    expect(page).not.toMatch(/url\(|@import/);
  });

  it('adds the host source for images and a script-src only with a script', () => {
    const page = renderPage(set, { nonce: NONCE, cspSource: 'https://*.vscode-cdn.net', script: { src: 'https://file+.vscode-resource.vscode-cdn.net/preview.js' } });
    expect(page).toContain(`img-src data: https://*.vscode-cdn.net; script-src 'nonce-${NONCE}'; base-uri 'none'`);
    expect(page).toContain(`<script nonce="${NONCE}" src="https://file+.vscode-resource.vscode-cdn.net/preview.js"></script>\n</body>`);
    const inline = renderPage(set, { nonce: NONCE, script: { nonce: 'c2NyaXB0LW5vbmNlLTEyMzQ=', inline: 'window.ready = true;' } });
    expect(inline).toContain(`script-src 'nonce-c2NyaXB0LW5vbmNlLTEyMzQ='`);
    expect(inline).toContain(`<script nonce="c2NyaXB0LW5vbmNlLTEyMzQ=">window.ready = true;</script>`);
  });

  it('makes a fresh nonce per page when none is given', () => {
    const a = /'nonce-([^']+)'/.exec(renderPage(set))?.[1];
    const b = /'nonce-([^']+)'/.exec(renderPage(set))?.[1];
    expect(a).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    expect(a).not.toBe(b);
  });

  it('refuses values that would break out of the policy or the script element', () => {
    expect(() => contentSecurityPolicy({ nonce: "x' 'unsafe-inline" })).toThrow(/nonce/);
    expect(() => renderPage(set, { nonce: NONCE, cspSource: "https://a; script-src 'unsafe-inline'" })).toThrow(/cspSource/);
    expect(() => renderPage(set, { nonce: NONCE, script: { inline: 'a = "</script><script>alert(1)</script>"' } })).toThrow(/<\/script/);
  });

  it('puts the set title and version in <title>', () => {
    const fm = set.guideline!.frontmatter!.data as { title: string; version: string };
    expect(renderPage(set, { nonce: NONCE })).toContain(`<title>${fm.title} ${fm.version}</title>`);
  });
});
