/** Reads a saved run for `reeflow compare`: a plan result (`reeflow plan --out`) or a simulation result (`reeflow simulate --out`). */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { toComparableRun, type ComparableRun } from '../risk/index.js';
import { CliError } from './errors.js';

/** Parses a saved run; `RESULT_UNREADABLE` when the file cannot be read, `RESULT_INVALID` when it is neither kind. */
export async function readRunResult(path: string, cwd: string): Promise<ComparableRun> {
  let text: string;
  try {
    text = await readFile(resolve(cwd, path), 'utf8');
  } catch {
    throw new CliError('RESULT_UNREADABLE', `cannot read result '${path}'`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  const run = toComparableRun(parsed);
  if (!run)
    throw new CliError(
      'RESULT_INVALID',
      `'${path}' is neither a plan result ('reeflow plan --out') nor a simulation result ('reeflow simulate --out')`,
    );
  return run;
}

/** One line naming a run: kind, scenario and status or runs. */
export function describeRun(path: string, run: ComparableRun): string {
  if (run.kind === 'plan') return `${path} (plan, ${run.result.scenario ?? 'base'}, ${run.result.status})`;
  const r = run.result;
  return `${path} (simulation, ${r.scenario ?? 'base'}, ${r.runs} runs × ${r.days} days, seed ${r.seed})`;
}
