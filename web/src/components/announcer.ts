/**
 * One polite live region for the whole app: pages announce the counts they arrive at ("1,234 matches",
 * "50 rows") so a screen reader says them without moving focus.
 */
import { h } from '../dom.ts';

let region: HTMLElement | null = null;

export function announcer(): HTMLElement {
  region ??= h('div', {
    class: 'sr-only',
    role: 'status',
    'aria-live': 'polite',
    'aria-atomic': 'true',
    'data-testid': 'announcer',
  });
  return region;
}

export function announce(text: string): void {
  const el = announcer();
  // a repeat of the same words is announced again only if the text changes: clear, then set
  el.textContent = '';
  requestAnimationFrame(() => {
    el.textContent = text;
  });
}
