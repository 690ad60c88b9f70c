/** Pretty-printed JSON with syntax colours and the query's matches marked. */
import { h } from '../dom.ts';
import { type Matcher, matchRanges } from '../search/highlight.ts';

const TOKEN = /"(?:[^"\\]|\\.)*"(\s*:)?|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|\btrue\b|\bfalse\b|\bnull\b/g;

function marked(text: string, ranges: [number, number][], cls: string): HTMLElement {
  const span = h('span', { class: cls });
  let at = 0;
  for (const [s, e] of ranges) {
    if (s > at) span.append(text.slice(at, s));
    span.append(h('mark', null, text.slice(s, e)));
    at = e;
  }
  if (at < text.length) span.append(text.slice(at));
  return span;
}

export function prettyJson(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

export function jsonView(original: string, matchers: readonly Matcher[]): HTMLElement {
  const text = prettyJson(original);
  const pre = h('pre', { class: 'json', 'data-testid': 'record-json' });
  let at = 0;
  let key: string | null = null;
  TOKEN.lastIndex = 0;
  for (let m = TOKEN.exec(text); m; m = TOKEN.exec(text)) {
    if (m.index > at) pre.append(text.slice(at, m.index));
    const tok = m[0];
    if (m[1] !== undefined) {
      const raw = tok.slice(0, tok.length - m[1].length);
      key = raw.slice(1, -1);
      pre.append(h('span', { class: 'json-key' }, raw), m[1]);
    } else if (tok.startsWith('"')) {
      const inner = tok.slice(1, -1);
      pre.append('"', marked(inner, matchRanges(inner, key, matchers), 'json-str'), '"');
    } else {
      const cls = /^-?\d/.test(tok) ? 'json-num' : 'json-lit';
      pre.append(marked(tok, matchRanges(tok, key, matchers), cls));
    }
    at = m.index + tok.length;
  }
  if (at < text.length) pre.append(text.slice(at));
  return pre;
}
