/** Public types of @rubric/render. */

/** How to render a guideline set. */
export interface RenderOptions {
  /** Show the taxonomy sidebar (default true). */
  sidebar?: boolean;
  /**
   * Maps a link's URL (relative, or http/https/mailto) to the URL the page
   * should use, e.g. a sibling guideline to its catalog page. Return undefined
   * to keep the URL. Results are sanitized like any other URL.
   */
  resolveLink?: (url: string) => string | undefined;
  /**
   * Maps an image URL to one the page may load (e.g. a VS Code webview URI,
   * allowed by `cspSource`). Without it, or when it returns undefined, only
   * `data:image/...` images show; others become a visible placeholder.
   */
  resolveImage?: (url: string) => string | undefined;
}

/** One heading of the guideline, for outlines and scroll sync. */
export interface TocEntry {
  depth: number;
  text: string;
  /** The element id: `label-<id>` for a label section, else the GitHub slug. */
  id: string;
  /** 1-based line in guideline.md. */
  line: number;
  /** Set for label sections. */
  labelId?: string;
}

/** The result of rendering a guideline set. */
export interface RenderedGuideline {
  /** Body fragment: header, taxonomy sidebar and content, sanitized. */
  html: string;
  /** Plain-text title (frontmatter `title`, else the `#` heading, else the set id). */
  title: string;
  toc: TocEntry[];
}

/** A script the page loads; it gets the page's nonce unless it brings its own. */
export type PageScript = { nonce?: string; src: string } | { nonce?: string; inline: string };

/** How to render a complete HTML page. */
export interface PageOptions extends RenderOptions {
  /** Nonce for the `<style>` (and the script); a random one when absent. Base64 characters only. */
  nonce?: string;
  /** Extra source allowed for images, e.g. VS Code's `webview.cspSource`. */
  cspSource?: string;
  /** Trusted HTML placed at the end of `<head>` as is. Never pass user content. */
  extraHead?: string;
  /** One script; without it the page has no `script-src` at all. */
  script?: PageScript;
}

/** How to wrap an already rendered fragment in a page (renderPageShell). */
export interface PageShellOptions {
  /** Plain-text document title (bidi controls are shown, not obeyed). */
  title: string;
  /** BCP 47 language tag of `<html lang>`; `en` when absent or malformed. */
  lang?: string;
  nonce?: string;
  cspSource?: string;
  extraHead?: string;
  script?: PageScript;
}
