/** The serve hook that keeps the audit log (issue 9) in the data folder. */
import { resolve } from 'node:path';
import { auditFileOf, openFileAuditLog } from './audit.js';
import type { ServeHook } from './serve-hook.js';

/** The coordinate serve hook (issue 9): the audit log in `<data-dir>/audit.jsonl`. */
export const auditServeHook: ServeHook = async (options, { clock }) => {
  const file = auditFileOf(resolve(options.cwd, options.dataDir));
  const audit = await openFileAuditLog(file, clock);
  return { deps: { audit }, describe: [`audit log: ${file}`] };
};
