// `npm start`'s first step: builds the web app into web/dist only when a source of it is newer than
// the last build (or there is none), so a second `npm start` goes straight to the server.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const web = import.meta.dirname;
const root = join(web, '..');
const stamp = join(web, 'dist', 'index.html');
const inputs = [join(web, 'src'), join(web, 'index.html'), join(web, 'vite.config.ts'), join(root, 'package-lock.json')];

function newestMs(path) {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const name of readdirSync(path, { recursive: true })) {
    newest = Math.max(newest, statSync(join(path, String(name))).mtimeMs);
  }
  return newest;
}

const built = existsSync(stamp) ? statSync(stamp).mtimeMs : 0;
if (built === 0 || Math.max(...inputs.map(newestMs)) > built) {
  const { build } = await import('vite');
  await build({ root: web, configFile: join(web, 'vite.config.ts'), logLevel: 'warn' });
}
