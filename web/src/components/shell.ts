/** The frame around every page: brand, navigation and the shared pickers (range, firewall, zone, language). */
import { browserZone, chosenZone, currentUrl, href, withParams } from '../app/context.ts';
import { navigate, refreshPage } from '../app/router.ts';
import { loadStatus } from '../app/status-cache.ts';
import { allZones, canonicalZone } from '../app/zone-time.ts';
import { h } from '../dom.ts';
import { fmtHour } from '../format.ts';
import { currentLang, type Lang, type MessageKey, setLang, t } from '../i18n/index.ts';
import { announcer } from './announcer.ts';
import { rangeForm } from './range-form.ts';

const NAV: { path: string; key: MessageKey }[] = [
  { path: '/', key: 'nav.dashboard' },
  { path: '/search', key: 'nav.search' },
  { path: '/sessions', key: 'nav.sessions' },
  { path: '/traffic', key: 'nav.traffic' },
  { path: '/status', key: 'nav.status' },
];

const RANGES: { value: string; key: MessageKey }[] = [
  { value: '', key: 'range.all' },
  { value: '-1h', key: 'range.1h' },
  { value: '-6h', key: 'range.6h' },
  { value: '-24h', key: 'range.24h' },
  { value: '-7d', key: 'range.7d' },
  { value: '-30d', key: 'range.30d' },
];

export interface Shell {
  main: HTMLElement;
  /** Reflects the URL in the navigation and pickers. */
  sync(url: URL): void;
}

function labelled(label: string, control: HTMLElement): HTMLElement {
  return h('label', { class: 'picker' }, h('span', { class: 'picker-label' }, label), control);
}

function rangeSelect(pick: () => void): HTMLSelectElement {
  return h('select', {
    'data-testid': 'range',
    onchange: (ev: Event) => {
      const v = (ev.target as HTMLSelectElement).value;
      if (v === 'pick') pick();
      else if (v !== 'custom') navigate(withParams({ from: v || null, to: null }));
    },
  });
}

function syncRange(select: HTMLSelectElement, url: URL): void {
  const from = url.searchParams.get('from') ?? '';
  const to = url.searchParams.get('to') ?? '';
  const preset = RANGES.find((r) => r.value === from && (to === '' || to === 'now'));
  const options = RANGES.map((r) => h('option', { value: r.value }, t(r.key)));
  if (!preset) {
    const label = `${fmtHour(from) || from} – ${to ? fmtHour(to) || to : t('range.now')}`;
    options.push(h('option', { value: 'custom' }, label));
  }
  options.push(h('option', { value: 'pick' }, t('range.pick')));
  select.replaceChildren(...options);
  select.value = preset ? preset.value : 'custom';
}

function firewallSelect(): HTMLSelectElement {
  const select = h(
    'select',
    {
      'data-testid': 'firewall',
      onchange: (ev: Event) => navigate(withParams({ fw: (ev.target as HTMLSelectElement).value || null })),
    },
    h('option', { value: '' }, t('ctl.allFirewalls')),
  );
  loadStatus()
    .then((s) => {
      const names = [
        ...new Set(s.firewalls.map((f) => f.firewall_name).filter((n): n is string => !!n)),
      ].sort();
      select.append(...names.map((n) => h('option', { value: n }, n)));
      select.value = currentUrl().searchParams.get('fw') ?? '';
    })
    .catch(() => undefined);
  return select;
}

/** Any IANA zone: typed or picked from the list (the browser's own zone is "Local", no `tz`). */
function zoneInput(): HTMLInputElement {
  const input: HTMLInputElement = h('input', {
    type: 'text',
    class: 'zone-input',
    list: 'nfw-zones',
    spellcheck: 'false',
    autocomplete: 'off',
    placeholder: t('ctl.zoneLocal', { zone: browserZone() }),
    'data-testid': 'zone',
    onchange: () => {
      const typed = input.value.trim();
      const zone = typed ? canonicalZone(typed) : browserZone();
      if (!zone) {
        input.setCustomValidity(t('ctl.badZone'));
        input.reportValidity();
        return;
      }
      input.setCustomValidity('');
      navigate(withParams({ tz: zone === browserZone() ? null : zone }));
    },
  });
  return input;
}

function langSelect(): HTMLSelectElement {
  const select = h(
    'select',
    {
      'data-testid': 'lang',
      onchange: (ev: Event) => {
        setLang((ev.target as HTMLSelectElement).value as Lang);
        rebuild?.();
        refreshPage();
      },
    },
    h('option', { value: 'en' }, 'English'),
    h('option', { value: 'ja' }, '日本語'),
  );
  select.value = currentLang();
  return select;
}

let rebuild: (() => void) | null = null;

export function createShell(root: HTMLElement): Shell {
  const header = h('header', { class: 'topbar' });
  const main = h('main', { id: 'main', class: 'page', tabindex: -1 });
  const slot = h('div', { class: 'range-slot', hidden: true });
  const pick = () => {
    const close = () => {
      slot.hidden = true;
      slot.replaceChildren();
    };
    const form = rangeForm(
      currentUrl(),
      (from, to) => {
        close();
        navigate(withParams({ from, to }));
      },
      () => {
        close();
        syncRange(range, currentUrl());
      },
    );
    slot.replaceChildren(form);
    slot.hidden = false;
    form.querySelector('input')?.focus();
  };
  let range = rangeSelect(pick);
  let fw = firewallSelect();
  let zone = zoneInput();
  const zones = h(
    'datalist',
    { id: 'nfw-zones' },
    allZones().map((z) => h('option', { value: z })),
  );
  const build = () => {
    range = rangeSelect(pick);
    fw = firewallSelect();
    zone = zoneInput();
    const nav = h(
      'nav',
      { class: 'nav', 'aria-label': t('shell.nav') },
      NAV.map((n) => h('a', { href: n.path, 'data-path': n.path }, t(n.key))),
    );
    header.replaceChildren(
      h('a', { class: 'skip', href: '#main', 'data-external': '' }, t('shell.skip')),
      h(
        'a',
        { class: 'brand', href: '/', 'data-path': '/' },
        h('span', { class: 'brand-mark', 'aria-hidden': 'true' }),
        'nfwlens',
      ),
      nav,
      h(
        'div',
        { class: 'pickers' },
        labelled(t('ctl.range'), range),
        labelled(t('ctl.firewall'), fw),
        labelled(t('ctl.zone'), zone),
        labelled(t('ctl.language'), langSelect()),
      ),
      slot,
      zones,
    );
    sync(currentUrl());
  };
  const sync = (url: URL) => {
    const path = url.pathname.replace(/\/+$/, '') || '/';
    const section = path === '/drill' ? '/' : path === '/flow' || path === '/record' ? '' : path;
    // every link of the frame carries the shared context (range, firewall, zone) of the current URL
    for (const a of Array.from(header.querySelectorAll<HTMLAnchorElement>('a[data-path]'))) {
      a.setAttribute('href', href(a.dataset.path ?? '/', {}, url));
    }
    for (const a of Array.from(header.querySelectorAll<HTMLAnchorElement>('nav.nav a'))) {
      const on = a.dataset.path === section || (path === '/flow' && a.dataset.path === '/sessions');
      if (on) a.setAttribute('aria-current', 'page');
      else a.removeAttribute('aria-current');
    }
    syncRange(range, url);
    fw.value = url.searchParams.get('fw') ?? '';
    zone.value = chosenZone(url) ?? '';
    header.hidden = path === '/login';
  };
  rebuild = build;
  build();
  root.replaceChildren(header, main, announcer());
  return { main, sync };
}
