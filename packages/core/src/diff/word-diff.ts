/**
 * Word-level diff (LCS by Myers' O(ND) algorithm) for showing how a label's
 * definition changed. Whitespace runs are tokens too, so joining the parts
 * rebuilds either text exactly.
 */

/** A run of text that is in both versions, only the old one, or only the new one. */
export interface DiffPart {
  op: 'equal' | 'delete' | 'insert';
  text: string;
}

const TOKEN = /\s+|[\p{L}\p{N}_'’-]+|[^\s\p{L}\p{N}_'’-]/gu;

/** Splits text into word, whitespace and punctuation tokens. */
export function tokenize(text: string): string[] {
  return text.match(TOKEN) ?? [];
}

// Past this many edits the diff gives up on alignment and shows a replacement.
const MAX_EDITS = 4000;

/** Word diff of two texts; consecutive parts of the same op are merged. */
export function diffWords(before: string, after: string): DiffPart[] {
  const a = tokenize(before);
  const b = tokenize(after);
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const parts: DiffPart[] = [];
  const push = (op: DiffPart['op'], text: string): void => {
    if (!text) return;
    const last = parts[parts.length - 1];
    if (last && last.op === op) last.text += text;
    else parts.push({ op, text });
  };
  push('equal', a.slice(0, start).join(''));
  for (const p of myers(a.slice(start, endA), b.slice(start, endB))) push(p.op, p.text);
  push('equal', a.slice(endA).join(''));
  return parts;
}

function myers(a: string[], b: string[]): DiffPart[] {
  const n = a.length;
  const m = b.length;
  if (n === 0 && m === 0) return [];
  if (n === 0) return [{ op: 'insert', text: b.join('') }];
  if (m === 0) return [{ op: 'delete', text: a.join('') }];
  const max = Math.min(n + m, MAX_EDITS);
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  let found = false;
  for (let d = 0; d <= max && !found; d++) {
    trace.push(v.slice());
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && (v[offset + k - 1] as number) < (v[offset + k + 1] as number)) ? (v[offset + k + 1] as number) : (v[offset + k - 1] as number) + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) {
        found = true;
        break;
      }
    }
  }
  if (!found) return [{ op: 'delete', text: a.join('') }, { op: 'insert', text: b.join('') }];
  // Walk the trace back from (n, m) to (0, 0).
  const out: DiffPart[] = [];
  let x = n;
  let y = m;
  for (let d = trace.length - 1; d >= 0; d--) {
    const vd = trace[d] as Int32Array;
    const k = x - y;
    const prevK = k === -d || (k !== d && (vd[offset + k - 1] as number) < (vd[offset + k + 1] as number)) ? k + 1 : k - 1;
    const prevX = d === 0 ? 0 : (vd[offset + prevK] as number);
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      out.push({ op: 'equal', text: a[x - 1] as string });
      x--;
      y--;
    }
    if (d > 0) {
      if (x === prevX) out.push({ op: 'insert', text: b[y - 1] as string });
      else out.push({ op: 'delete', text: a[x - 1] as string });
    }
    x = prevX;
    y = prevY;
  }
  return out.reverse();
}
