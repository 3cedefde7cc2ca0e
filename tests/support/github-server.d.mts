/** Types of github-server.mjs (the local GitHub REST contract server) for the TypeScript tests. */
export interface IssueComment {
  id: number;
  node_id: string;
  url: string;
  html_url: string;
  issue_url: string;
  body: string;
  user: { login: string; id: number; type: string };
  created_at: string;
  updated_at: string;
  author_association: string;
}
export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  status: number;
  auth: string | undefined;
}
export interface TokenGrant {
  login: string;
  write: boolean;
}
export interface RateLimitPlan {
  status?: 403 | 429;
  retryAfter?: number;
  resetIn?: number;
  message?: string;
}
export interface GitHubServer {
  url: string;
  requests: RecordedRequest[];
  comments(key: string): IssueComment[];
  seed(key: string, body: string, login?: string): number;
  rateLimit(plan: RateLimitPlan): void;
  close(): Promise<void>;
}
/** Starts the server on 127.0.0.1. */
export function startGitHubServer(options?: { port?: number; tokens?: Record<string, TokenGrant>; pulls?: string[] }): Promise<GitHubServer>;
