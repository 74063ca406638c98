/**
 * Run in a child process by big-table.test.ts (so it can have a small heap): loads the model
 * folder given as the first argument and prints the routes read, the issue codes and the peak RSS.
 */
import { loadModel } from '../../../src/model/index.js';

const { input, issues } = await loadModel(process.argv[2] ?? '');
const routes = (input as { routes?: unknown[] } | undefined)?.routes ?? [];
const result = {
  routes: routes.length,
  codes: [...new Set(issues.map((issue) => issue.code))],
  maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
};
process.stdout.write(`${JSON.stringify(result)}\n`);
