/**
 * The absolute range beside the presets: from and to as wall-clock times in the display zone; Apply puts
 * them in the URL as UTC instants (`from`, `to`), as a brushed histogram does.
 */
import { displayZone } from '../app/context.ts';
import { fromWallInput, toWallInput } from '../app/zone-time.ts';
import { h } from '../dom.ts';
import { parseTs } from '../format.ts';
import { t } from '../i18n/index.ts';

const DAY = 86_400_000;

export function rangeForm(
  url: URL,
  apply: (from: string, to: string) => void,
  cancel: () => void,
): HTMLElement {
  const zone = displayZone(url);
  const now = Date.now();
  const from = parseTs(url.searchParams.get('from'))?.getTime() ?? now - DAY;
  const to = parseTs(url.searchParams.get('to'))?.getTime() ?? now;
  const field = (label: string, testId: string, ms: number) => {
    const input = h('input', { type: 'datetime-local', required: true, 'data-testid': testId });
    input.value = toWallInput(ms, zone);
    return { input, el: h('label', { class: 'picker' }, h('span', { class: 'picker-label' }, label), input) };
  };
  const a = field(t('range.from'), 'range-from', from);
  const b = field(t('range.to'), 'range-to', to);
  const error = h('span', { class: 'range-error', role: 'alert' });
  return h(
    'form',
    {
      class: 'range-form',
      'data-testid': 'range-form',
      onsubmit: (ev: Event) => {
        ev.preventDefault();
        const lo = fromWallInput(a.input.value, zone);
        const hi = fromWallInput(b.input.value, zone);
        if (lo === null || hi === null || lo >= hi) {
          error.textContent = t('range.badRange');
          return;
        }
        apply(new Date(lo).toISOString(), new Date(hi).toISOString());
      },
    },
    a.el,
    b.el,
    h('span', { class: 'muted small' }, zone),
    h(
      'button',
      { class: 'btn small primary', type: 'submit', 'data-testid': 'range-apply' },
      t('range.apply'),
    ),
    h('button', { class: 'btn small', type: 'button', onclick: cancel }, t('range.cancel')),
    error,
  );
}
