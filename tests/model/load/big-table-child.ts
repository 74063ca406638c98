/**
 * Run in a child process by big-table.test.ts (so it can have a small heap): loads the model
 * folder given as the first argument and prints the routes read, the issue codes and the peak RSS.
 * With a second argument `model`, the raw input is not kept and the routes counted are the parsed model's.
 */
import { loadModel } from '../../../src/model/index.js';

const parsedOnly = process.argv[3] === 'model';
const { input, model, issues } = await loadModel(process.argv[2] ?? '', { keepInput: !parsedOnly });
const routes = (parsedOnly ? model?.routes : (input as { routes?: unknown[] } | undefined)?.routes) ?? [];
const result = {
  routes: routes.length,
  codes: [...new Set(issues.map((issue) => issue.code))],
  maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
};
process.stdout.write(`${JSON.stringify(result)}\n`);
