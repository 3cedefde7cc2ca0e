/** renderPage and renderPageShell: the document shell, its Content-Security-Policy and the script slot. */
import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, renderGuideline, renderPage, renderPageShell } from '../src/index.js';
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

describe('renderPageShell', () => {
  it('is the template renderPage uses: same page for the same fragment, title and nonce', () => {
    const fm = set.guideline!.frontmatter!.data as { version: string };
    const rendered = renderGuideline(set);
    const script = { src: 'https://file+.vscode-resource.vscode-cdn.net/preview.js' };
    const shell = renderPageShell(rendered.html, { title: `${rendered.title} ${fm.version}`, nonce: NONCE, cspSource: 'https://*.vscode-cdn.net', script });
    expect(shell).toBe(renderPage(set, { nonce: NONCE, cspSource: 'https://*.vscode-cdn.net', script }));
  });

  it('escapes the title, shows bidi controls in it and falls back to lang en for a malformed tag', () => {
    const page = renderPageShell('<p>x</p>', { title: 'a </title><script>alert(1)</script> \u202Eevil', lang: 'en"><script>', nonce: NONCE });
    expect(page).toContain('<html lang="en">');
    expect(page).toMatch(/<title>a &lt;\/title&gt;&lt;script&gt;alert\(1\)&lt;\/script&gt; [^\u202E]*evil<\/title>/);
    expect(page).not.toMatch(/<script/);
    expect(page).toContain('<body class="rubric-page">\n<p>x</p>\n</body>');
    expect(renderPageShell('', { title: 't', lang: 'de-CH', nonce: NONCE })).toContain('<html lang="de-CH">');
  });
});
