#!/usr/bin/env node
// Entry point. An installed package runs the compiled CLI in dist/. A development checkout runs
// dist/ only while it is newer than every source file (`npm run build`), else the TypeScript
// sources through tsx's loader, so a change to src/ never runs against a stale build.
import { existsSync, readdirSync, statSync } from 'node:fs';

const dist = new URL('../dist/cli/main.js', import.meta.url);
const src = new URL('../src/', import.meta.url);

function newestSourceMs() {
  let newest = 0;
  for (const name of readdirSync(src, { recursive: true })) {
    if (!String(name).endsWith('.ts')) continue;
    newest = Math.max(newest, statSync(new URL(String(name), src)).mtimeMs);
  }
  return newest;
}

if (existsSync(dist) && (!existsSync(src) || statSync(dist).mtimeMs >= newestSourceMs())) {
  await import(dist.href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli/main.ts');
}
