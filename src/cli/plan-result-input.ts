/** Reads a plan result saved by `reeflow plan --out`, with coded errors instead of stack traces. */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { PlanResult } from '../plan/index.js';
import { CliError } from './errors.js';

/** Parses a saved plan result; `RESULT_UNREADABLE` when the file cannot be read, `RESULT_INVALID` when it is not a result. */
export async function readPlanResult(path: string, cwd: string): Promise<PlanResult> {
  let text: string;
  try {
    text = await readFile(resolve(cwd, path), 'utf8');
  } catch {
    throw new CliError('RESULT_UNREADABLE', `cannot read plan result '${path}'`);
  }
  try {
    const value = JSON.parse(text) as PlanResult;
    if (!Array.isArray(value.flows) || !Array.isArray(value.production) || !Array.isArray(value.periods) || typeof value.costs !== 'object') throw new Error('shape');
    return value;
  } catch {
    throw new CliError('RESULT_INVALID', `'${path}' is not a plan result written by 'reeflow plan --out'`);
  }
}
