/** Shared by `simulate` and `stockpile`: numbers from flags, the simulation options, the baseline plan and the progress bar. */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import cliProgress from 'cli-progress';
import { parse as parseYaml } from 'yaml';
import type { Model } from '../model/index.js';
import { plan } from '../plan/index.js';
import { createSolver } from '../solver/index.js';
import { toPlanFlows, type PlanFlows, type SimulationOptionsInput } from '../simulate/index.js';
import { CliError } from './errors.js';
import type { CliIo } from './io.js';
import { readModel } from './model-input.js';
import { printIssues } from './output.js';
import { definedFields } from '../defined-fields.js';

/** A whole number from a flag, within [min, max]. */
export function wholeNumber(
  text: string | undefined,
  flag: string,
  min: number,
  max = Number.MAX_SAFE_INTEGER,
): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isInteger(value) || value < min || value > max)
    throw new CliError(
      'CLI_BAD_OPTION',
      `${flag} expects a whole number from ${min} to ${max}; got '${text}'`,
    );
  return value;
}

/** A fraction from a flag. */
export function fractionOption(text: string | undefined, flag: string): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!(value >= 0 && value <= 1))
    throw new CliError('CLI_BAD_OPTION', `${flag} expects a number between 0 and 1; got '${text}'`);
  return value;
}

export interface SimulationFlags {
  scenario?: string;
  days?: string;
  step?: string;
  allocation?: string;
  options?: string;
  outageRate?: string;
}

/** Options from `--options file` (YAML or JSON), overridden by the flags. */
export async function readSimulationOptions(
  io: CliIo,
  flags: SimulationFlags,
): Promise<SimulationOptionsInput> {
  let base: Record<string, unknown> = {};
  if (flags.options) {
    try {
      const parsed: unknown = parseYaml(await readFile(resolve(io.cwd, flags.options), 'utf8'));
      if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed))
        base = parsed as Record<string, unknown>;
      else throw new CliError('CLI_BAD_OPTION', `${flags.options}: expected a mapping of simulation options`);
    } catch (error) {
      if (error instanceof CliError) throw error;
      throw new CliError(
        'CLI_BAD_OPTION',
        `cannot read ${flags.options}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
  const days = wholeNumber(flags.days, '--days', 1, 3650);
  if (flags.step !== undefined && flags.step !== 'day' && flags.step !== 'week')
    throw new CliError('CLI_BAD_OPTION', `--step expects day or week; got '${flags.step}'`);
  if (flags.allocation !== undefined && !['plan', 'pro-rata', 'priority'].includes(flags.allocation))
    throw new CliError(
      'CLI_BAD_OPTION',
      `--allocation expects plan, pro-rata or priority; got '${flags.allocation}'`,
    );
  const outageRate = flags.outageRate === undefined ? undefined : Number(flags.outageRate);
  if (outageRate !== undefined && !(outageRate >= 0))
    throw new CliError(
      'CLI_BAD_OPTION',
      `--outage-rate expects a rate ≥ 0 per facility per year; got '${flags.outageRate}'`,
    );
  return {
    ...base,
    ...definedFields({ days, step: flags.step, allocation: flags.allocation }),
    ...(outageRate === undefined
      ? {}
      : { outages: { ...((base['outages'] as object | undefined) ?? {}), rate: outageRate } }),
  } as SimulationOptionsInput;
}

/** The model with the scenario applied, and the baseline plan (of the model without the scenario) when allocation is plan-guided. */
export async function readSimulationInputs(
  io: CliIo,
  path: string,
  options: SimulationOptionsInput,
  scenario: string | undefined,
): Promise<{ model: Model; plan?: PlanFlows; planShortfall?: number }> {
  const { model, issues } = await readModel(path, { cwd: io.cwd, scenario });
  if (!model) {
    printIssues(issues, io.stderr);
    throw new CliError('MODEL_INVALID', `${path}: not valid; nothing was simulated`);
  }
  if ((options.allocation ?? 'plan') !== 'plan') return { model };
  // The plan the shock hits: the baseline, without the scenario.
  const base = scenario === undefined ? model : (await readModel(path, { cwd: io.cwd })).model;
  if (!base) throw new CliError('MODEL_INVALID', `${path}: the base model is not valid`);
  const solver = createSolver('highs');
  try {
    const result = await plan(base, { solver });
    if (result.status !== 'optimal' && result.flows.length === 0)
      throw new CliError(
        'SIM_NO_PLAN',
        `the baseline plan is ${result.status}; use --allocation pro-rata or priority`,
      );
    return {
      model,
      plan: toPlanFlows(result),
      planShortfall: result.shortfall.reduce((a, s) => a + s.tonnes, 0),
    };
  } finally {
    await solver.dispose();
  }
}

/**
 * Progress on stderr: runs done, rate, ETA. On a terminal a cli-progress bar; otherwise (pipes,
 * logs, tests) a line every two seconds and a final line in the same format.
 */
export function createRunProgress(
  io: CliIo,
  enabled: boolean,
  label: string,
): { update(done: number, total: number): void; stop(): void } {
  if (!enabled) return { update: () => undefined, stop: () => undefined };
  const started = performance.now();
  const rateOf = (done: number): number => done / Math.max(1e-3, (performance.now() - started) / 1000);
  if (!io.isTty) {
    let lastLine = 0;
    let last = { done: 0, total: 0 };
    const line = (): void => {
      const rate = rateOf(last.done);
      const eta = rate > 0 ? Math.ceil((last.total - last.done) / rate) : 0;
      io.stderr(`${label}: ${last.done}/${last.total} runs | ${rate.toFixed(1)} runs/s | ETA ${eta}s\n`);
      lastLine = performance.now();
    };
    return {
      update(done, total) {
        last = { done, total };
        if (performance.now() - lastLine > 2000 && done < total) line();
      },
      stop() {
        if (last.total > 0) line();
        last = { done: 0, total: 0 };
      },
    };
  }
  const stream = {
    write: (text: string) => (io.stderr(text), true),
    isTTY: true,
    columns: 100,
    cursorTo: () => true,
    clearLine: () => true,
    moveCursor: () => true,
  };
  const bar = new cliProgress.SingleBar(
    {
      format: `${label} [{bar}] {value}/{total} runs | {rate} runs/s | ETA {eta_formatted}`,
      stream: stream as unknown as NodeJS.WritableStream,
      hideCursor: false,
      etaBuffer: 50,
    },
    cliProgress.Presets.shades_classic,
  );
  let running = false;
  return {
    update(done, total) {
      const rate = rateOf(done).toFixed(1);
      if (!running) {
        bar.start(total, done, { rate });
        running = true;
      } else bar.update(done, { rate });
    },
    stop() {
      if (running) bar.stop();
      running = false;
    },
  };
}
