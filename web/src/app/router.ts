/**
 * Path routing with the History API. A page is mounted for its path and told when only its query
 * changes (`update`), so Back/Forward and in-page state changes share one code path.
 */
import { currentUrl } from './context.ts';

export interface PageInstance {
  /** The URL changed but the path is the same page. */
  update?(url: URL, prev: URL): void;
  destroy?(): void;
}

export interface PageModule {
  mount(root: HTMLElement, url: URL): PageInstance;
}

export type PageLoader = () => Promise<PageModule>;

export interface Router {
  navigate(to: string, opts?: { replace?: boolean }): void;
  /** Mounts the current page again (after a language change). */
  refresh(): void;
  start(): void;
}

export function createRouter(
  root: HTMLElement,
  routes: Record<string, PageLoader>,
  notFound: PageLoader,
  onChange: (url: URL) => void,
): Router {
  let current: { path: string; page: PageInstance; url: URL } | null = null;
  let seq = 0;
  let refreshing = false;

  async function render(): Promise<void> {
    const url = currentUrl();
    const path = url.pathname.replace(/\/+$/, '') || '/';
    onChange(url);
    if (current && current.path === path && current.page.update) {
      const prev = current.url;
      current.url = url;
      current.page.update(url, prev);
      return;
    }
    const mySeq = ++seq;
    const mod = await (routes[path] ?? notFound)();
    if (mySeq !== seq) return;
    const first = current === null && !refreshing;
    refreshing = false;
    current?.page.destroy?.();
    root.replaceChildren();
    window.scrollTo(0, 0);
    current = { path, url, page: mod.mount(root, url) };
    // a new page, as a screen reader user should hear it: its heading has the focus (not on first load)
    if (!first) focusHeading(root);
  }

  function navigate(to: string, opts: { replace?: boolean } = {}): void {
    const next = new URL(to, window.location.href);
    if (next.href === window.location.href && !opts.replace) return;
    if (opts.replace) history.replaceState(null, '', next);
    else history.pushState(null, '', next);
    void render();
  }

  function onClick(ev: MouseEvent): void {
    if (ev.defaultPrevented || ev.button !== 0 || ev.metaKey || ev.ctrlKey || ev.shiftKey || ev.altKey)
      return;
    const a = (ev.target as Element | null)?.closest?.('a');
    if (!a || a.target || a.hasAttribute('download') || a.dataset.external !== undefined) return;
    const dest = new URL(a.href, window.location.href);
    if (dest.origin !== window.location.origin || dest.pathname.startsWith('/api/')) return;
    ev.preventDefault();
    navigate(dest.pathname + dest.search + dest.hash);
  }

  return {
    navigate,
    refresh() {
      current?.page.destroy?.();
      current = null;
      refreshing = true;
      void render();
    },
    start() {
      window.addEventListener('popstate', () => void render());
      document.addEventListener('click', onClick);
      void render();
    },
  };
}

/** Focuses the page's first heading (made focusable by script only) and names the tab after it. */
export function focusHeading(root: HTMLElement): void {
  const heading = root.querySelector<HTMLElement>('h1') ?? root.querySelector<HTMLElement>('h2');
  const text = heading?.textContent?.trim();
  document.title = text ? `${text} · nfwlens` : 'nfwlens';
  // a page that put the focus somewhere itself (an open record's Close, the login field) keeps it
  if (root.contains(document.activeElement) && document.activeElement !== root) return;
  if (!heading) {
    root.focus({ preventScroll: true });
    return;
  }
  heading.tabIndex = -1;
  heading.focus({ preventScroll: true });
}

let active: Router | null = null;

export function setRouter(r: Router): void {
  active = r;
}

export function refreshPage(): void {
  active?.refresh();
}

/** Navigates inside the app (pushState); `replace` for state changes that should not add history. */
export function navigate(to: string, opts?: { replace?: boolean }): void {
  if (active) active.navigate(to, opts);
  else window.location.assign(to);
}
