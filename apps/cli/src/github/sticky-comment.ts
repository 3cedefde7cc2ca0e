/**
 * The review as ONE sticky pull-request comment: found again on every push by
 * a hidden marker at the start of its body, updated in place (never posted
 * twice; stray copies from earlier runs are deleted), and replaced by a short
 * "no semantic changes" note, or deleted, when the pull request no longer
 * changes a set. Nothing is posted when there is nothing to say and no comment
 * yet.
 */
import type { GitHubClient } from './client.js';

/** The hidden marker that starts the review comment's body (an HTML comment: GitHub does not show it). */
export const REVIEW_MARKER = '<!-- rubric-review: sticky comment, updated on every push -->';

/** GitHub's limit on a comment body, in characters. */
export const MAX_COMMENT_CHARS = 65536;

/** An issue comment as GitHub lists it (the fields used here). */
interface IssueComment {
  id: number;
  body?: string | null;
  html_url?: string;
  user?: { login?: string } | null;
}

/** What happened to the sticky comment. */
export interface StickyResult {
  action: 'created' | 'updated' | 'unchanged' | 'deleted' | 'none';
  url?: string;
  /** Copies of the comment that were found and deleted (should be 0). */
  duplicatesDeleted: number;
}

/** What to post: the review, or nothing to say (`null`) with what to do then with an existing comment. */
export interface StickyOptions {
  owner: string;
  repo: string;
  number: number;
  /** The review body (without the marker), or null when the pull request changes no set. */
  body: string | null;
  /** The body that replaces an existing comment when `body` is null; undefined deletes the comment instead. */
  emptyBody?: string;
}

/** Whether a comment is the review comment: its body starts with the marker (a quote of it in a reply does not). */
export function isReviewComment(comment: { body?: string | null }): boolean {
  return typeof comment.body === 'string' && comment.body.startsWith(REVIEW_MARKER);
}

/** The marker plus the body, cut to GitHub's limit with a note when longer. */
export function commentBody(body: string, fullReportHint = 'the job summary'): string {
  const full = `${REVIEW_MARKER}\n${body}`;
  if (full.length <= MAX_COMMENT_CHARS) return full;
  const note = `\n\n…\n\n**The review is ${full.length.toLocaleString('en-US')} characters, more than a GitHub comment holds (${MAX_COMMENT_CHARS.toLocaleString('en-US')}); the full report is in ${fullReportHint}.**\n`;
  let cut = full.slice(0, MAX_COMMENT_CHARS - note.length);
  // Do not leave half a table row or an open <details>.
  const lastBreak = cut.lastIndexOf('\n');
  if (lastBreak > 0) cut = cut.slice(0, lastBreak);
  if ((cut.match(/<details/g) ?? []).length > (cut.match(/<\/details>/g) ?? []).length) cut += '\n\n</details>';
  return `${cut}${note}`.slice(0, MAX_COMMENT_CHARS);
}

/** Creates, updates, replaces or deletes the review comment of a pull request. */
export async function upsertStickyComment(client: GitHubClient, options: StickyOptions): Promise<StickyResult> {
  const { owner, repo, number } = options;
  const base = `repos/${encodeURIComponent(owner)}/${encodeURIComponent(repo)}/issues`;
  const comments = await client.paginate<IssueComment>(`${base}/${number}/comments`);
  const ours = comments.filter(isReviewComment).sort((a, b) => a.id - b.id);
  const [first, ...extra] = ours;
  let duplicatesDeleted = 0;
  for (const c of extra) {
    await client.request('DELETE', `${base}/comments/${c.id}`);
    duplicatesDeleted++;
  }

  const wanted = options.body !== null ? commentBody(options.body) : options.emptyBody !== undefined ? commentBody(options.emptyBody) : null;
  if (!first) {
    if (options.body === null) return { action: 'none', duplicatesDeleted };
    const created = await client.request<IssueComment>('POST', `${base}/${number}/comments`, { body: wanted });
    return { action: 'created', ...(created.data?.html_url ? { url: created.data.html_url } : {}), duplicatesDeleted };
  }
  if (wanted === null) {
    await client.request('DELETE', `${base}/comments/${first.id}`);
    return { action: 'deleted', duplicatesDeleted };
  }
  if (first.body === wanted) return { action: 'unchanged', ...(first.html_url ? { url: first.html_url } : {}), duplicatesDeleted };
  const updated = await client.request<IssueComment>('PATCH', `${base}/comments/${first.id}`, { body: wanted });
  return { action: 'updated', ...(updated.data?.html_url ? { url: updated.data.html_url } : {}), duplicatesDeleted };
}
