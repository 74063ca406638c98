/**
 * `reeflow replan <model>`: re-plans from the measured state in the telemetry store. Measured
 * inventories become opening stock, capacity lost to maintenance becomes outages, measured yields
 * rescale recipes, and the horizon starts at the current period; then the planner runs as usual.
 */
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { Model } from '../model/index.js';
import {
  periodBounds,
  toMeasuredModel,
  type MeasuredDowntime,
  type MeasuredInventory,
  type MeasuredState,
  type MeasuredYield,
  type OperateStore,
} from '../monitor/index.js';
import { plan } from '../plan/index.js';
import { createSolver } from '../solver/index.js';
import { openStore } from '../store/index.js';
import { CliError } from './errors.js';
import type { CliIo } from './io.js';
import { readModel } from './model-input.js';
import { printIssues, renderTable, toJson } from './output.js';
import { renderPlanSummary } from './plan.js';

interface ReplanCliOptions {
  dataDir: string;
  database?: string;
  asOf?: string;
  out?: string;
  json?: boolean;
}

/** Reads inventories, downtime and yields over the model's horizon (up to `asOf`) from the store. */
export async function readMeasuredState(
  store: OperateStore,
  model: Model,
  asOf: number,
): Promise<MeasuredState> {
  const bounds = periodBounds(model.horizon);
  const from = Math.min(bounds[0]?.start ?? asOf, asOf - 60 * 86_400_000);
  const to = asOf + 1;
  const latest = new Map<string, MeasuredInventory>();
  for (const row of await store.telemetry.aggregate({ kind: 'inventory', bucket: 'day', from, to })) {
    const key = `${row.facility}/${row.series}`;
    if ((latest.get(key)?.time ?? -Infinity) <= row.lastTime && row.last !== null)
      latest.set(key, { facility: row.facility, material: row.series, tonnes: row.last, time: row.lastTime });
  }
  const work = new Map<string, MeasuredDowntime>();
  for (const { event } of await store.telemetry.query({ kind: 'maintenance', from, to, limit: 100_000 })) {
    if (event.kind !== 'maintenance' || event.process === undefined) continue;
    const availability = event.availability ?? (event.type === 'inspection' ? 1 : 0);
    if (availability >= 1) continue;
    const key = `${event.facility}/${event.asset}/${event.start}`;
    const end = Math.min(event.end ?? work.get(key)?.end ?? asOf, asOf);
    work.set(key, {
      facility: event.facility,
      process: event.process,
      start: event.start,
      end,
      availability,
    });
  }
  const yields = new Map<string, MeasuredYield>();
  for (const { event } of await store.telemetry.query({ kind: 'production', from, to, limit: 100_000 })) {
    if (event.kind !== 'production' || event.inputs === undefined) continue;
    for (const [input, tonnes] of Object.entries(event.inputs)) {
      const key = `${event.facility}/${event.process}/${event.material}/${input}`;
      const entry = yields.get(key) ?? {
        facility: event.facility,
        process: event.process,
        output: event.material,
        input,
        outputTonnes: 0,
        inputTonnes: 0,
      };
      entry.outputTonnes += event.tonnes;
      entry.inputTonnes += tonnes;
      yields.set(key, entry);
    }
  }
  return { inventories: [...latest.values()], downtime: [...work.values()], yields: [...yields.values()] };
}

/** `reeflow replan <model>`. */
export function registerReplan(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('replan')
    .description(
      'plan again from the measured state: inventories, capacity lost to outages and measured yields from telemetry',
    )
    .argument('<model>', 'model folder or file')
    .option('--data-dir <dir>', 'SQLite store folder', './.reeflow')
    .option('--database <url>', 'PostgreSQL URL (postgres://…) instead of SQLite')
    .option('--as-of <time>', 'measured state as of this ISO time (default now)')
    .option('--out <file>', 'write the plan result as JSON')
    .option('--json', 'print the changes and the plan result as JSON')
    .addHelpText(
      'after',
      '\nExamples:\n  reeflow replan data/two-base\n  reeflow replan data/two-base --as-of 2026-03-15T00:00:00Z --out replan.json\n',
    )
    .action(async (path: string, options: ReplanCliOptions) => {
      const asOf = options.asOf === undefined ? Date.now() : Date.parse(options.asOf);
      if (!Number.isFinite(asOf))
        throw new CliError(
          'CLI_BAD_OPTION',
          `--as-of expects an ISO time such as 2026-03-15T00:00:00Z; got '${options.asOf}'`,
        );
      const { model, issues } = await readModel(path, { cwd: io.cwd });
      if (!model) {
        printIssues(issues, io.stderr);
        setExit(1);
        return;
      }
      let store: OperateStore;
      try {
        store = await openStore({
          dataDir: resolve(io.cwd, options.dataDir),
          ...(options.database === undefined ? {} : { database: options.database }),
        });
      } catch (error) {
        throw new CliError(
          'REPLAN_STORE_UNAVAILABLE',
          `cannot open the store: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
      let measured: MeasuredState;
      try {
        measured = await readMeasuredState(store, model, asOf);
      } finally {
        await store.close();
      }
      const { model: measuredModel, changes, errors } = toMeasuredModel(model, measured, { asOf });
      if (!measuredModel)
        throw new CliError(
          'REPLAN_BAD_STATE',
          `the measured state does not fit the model: ${errors.slice(0, 3).join('; ')}`,
        );
      const solver = createSolver('highs');
      let result;
      try {
        result = await plan(measuredModel, { solver });
      } finally {
        await solver.dispose();
      }
      if (options.out) await writeFile(resolve(io.cwd, options.out), toJson({ changes, result }));
      if (options.json) {
        io.stdout(toJson({ changes, result }));
        return;
      }
      io.stdout(
        changes.length === 0
          ? 'No measurements change the model (no inventories, outages or yields in the store for it).\n\n'
          : `Measured state applied (${changes.length} changes)\n${renderTable(
              ['change', 'target', 'detail'],
              changes.map((c) => [c.kind, c.target, c.detail]),
            )}\n\n`,
      );
      io.stdout(renderPlanSummary(result, measuredModel));
    });
}
