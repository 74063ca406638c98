#!/usr/bin/env node
// In a clone (src/ present and tsx installed) this runs the TypeScript source through tsx, so
// `npx reeflow` works right after `npm ci` and never runs stale output; an installed package runs dist/.
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const source = join(root, 'src', 'cli', 'main.ts');
const hasTsx = existsSync(join(root, 'node_modules', 'tsx'));
if (existsSync(source) && hasTsx) {
  const { register } = await import('tsx/esm/api');
  register();
  await import(pathToFileURL(source).href);
} else {
  await import(pathToFileURL(join(root, 'dist', 'cli', 'main.js')).href);
}
