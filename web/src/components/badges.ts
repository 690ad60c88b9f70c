/** Small visual pieces: the verdict badge and the sent/received bytes bar. */
import { h } from '../dom.ts';
import { fmtBytes } from '../format.ts';
import { t } from '../i18n/index.ts';

export function verdictBadge(action: unknown, alerts = 0): HTMLElement {
  if (action === 'blocked') return h('span', { class: 'badge badge-blocked' }, t('verdict.blocked'));
  if (action === 'allowed' || alerts > 0)
    return h('span', { class: 'badge badge-alert' }, t('verdict.allowed'));
  return h('span', { class: 'badge badge-pass' }, t('verdict.none'));
}

/** An alert record's action: allowed or blocked. */
export function actionBadge(action: unknown): HTMLElement | string {
  if (action === 'blocked') return h('span', { class: 'badge badge-blocked' }, t('series.blocked'));
  if (action === 'allowed') return h('span', { class: 'badge badge-alert' }, t('series.allowed'));
  return typeof action === 'string' ? action : '';
}

/** Two bars from a centre line: sent (left) and received (right), scaled to `max` bytes. */
export function bytesSplitBar(sent: number, received: number, max: number): HTMLElement {
  const scale = (v: number) =>
    max > 0 ? Math.max(v > 0 ? 1.5 : 0, (Math.sqrt(v) / Math.sqrt(max)) * 100) : 0;
  return h(
    'div',
    { class: 'split', title: `${fmtBytes(sent)} / ${fmtBytes(received)}` },
    h('span', { class: 'split-label num' }, fmtBytes(sent)),
    h(
      'span',
      { class: 'split-track left' },
      h('span', { class: 'split-bar sent', style: `width:${scale(sent).toFixed(1)}%` }),
    ),
    h(
      'span',
      { class: 'split-track right' },
      h('span', { class: 'split-bar received', style: `width:${scale(received).toFixed(1)}%` }),
    ),
    h('span', { class: 'split-label num' }, fmtBytes(received)),
  );
}

/** An inline proportional bar behind a number. */
export function inlineBar(value: number, max: number, text: string, tone = 'neutral'): HTMLElement {
  const pct = max > 0 ? (value / max) * 100 : 0;
  return h(
    'div',
    { class: 'inline-bar' },
    h(
      'span',
      { class: 'inline-track' },
      h('span', { class: `inline-fill ${tone}`, style: `width:${pct.toFixed(1)}%` }),
    ),
    h('span', { class: 'inline-text num' }, text),
  );
}
