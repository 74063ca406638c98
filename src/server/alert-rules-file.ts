/**
 * Writes the alert rules back to the data folder (rules changed through the API survive a restart):
 * atomically, through a temporary file renamed over the old one, so a crash mid-write leaves the
 * previous rules, never half a file. YAML for `.yaml`/`.yml`, JSON for `.json`.
 */
import { randomUUID } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { stringify } from 'yaml';
import type { AlertRule } from '../monitor/index.js';

const YAML_HEADER = [
  '# Alert rules of `reeflow serve` (docs/operate.md "Alerts"), read at start.',
  '# PUT and DELETE /v1/alerts/rules/:id rewrite this file: edit it while the server is stopped.',
  '',
].join('\n');

/** The rules as the text of `file`. */
export function toAlertRulesText(file: string, rules: readonly AlertRule[]): string {
  return file.endsWith('.json')
    ? `${JSON.stringify({ rules }, null, 2)}\n`
    : `${YAML_HEADER}${stringify({ rules })}`;
}

/**
 * Replaces `file` with the rules, atomically.
 *
 * @example await writeAlertRules(join(dataDir, 'alerts.yaml'), operate.rules)
 */
export async function writeAlertRules(file: string, rules: readonly AlertRule[]): Promise<void> {
  const temporary = join(dirname(file), `.${basename(file)}.${randomUUID()}.tmp`);
  try {
    const handle = await open(temporary, 'w');
    try {
      await handle.writeFile(toAlertRulesText(file, rules), 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}
