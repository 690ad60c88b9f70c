/**
 * The nfwlens web UI: dashboard, drill-down, search, sessions, flows, status and login, routed by
 * path with every view's state in the URL. The dashboard is in the first bundle; other pages load lazily.
 */
import './styles.css';
import { createRouter, setRouter } from './app/router.ts';
import { createShell } from './components/shell.ts';
import { currentLang } from './i18n/index.ts';
import * as dashboard from './pages/dashboard.ts';

document.documentElement.lang = currentLang();
const root = document.getElementById('app');
if (!root) throw new Error('no #app element');
const shell = createShell(root);

const router = createRouter(
  shell.main,
  {
    '/': async () => dashboard,
    '/drill': () => import('./pages/drill.ts'),
    '/search': () => import('./pages/search.ts'),
    '/sessions': () => import('./pages/sessions.ts'),
    '/traffic': () => import('./pages/traffic.ts'),
    '/flow': () => import('./pages/flow.ts'),
    '/record': () => import('./pages/record.ts'),
    '/status': () => import('./pages/status.ts'),
    '/login': () => import('./pages/login.ts'),
  },
  () => import('./pages/not-found.ts'),
  (url) => shell.sync(url),
);
setRouter(router);
router.start();
