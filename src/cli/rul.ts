import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import {
  failureProbability,
  fitRul,
  parseCmapss,
  predictRul,
  scoreRul,
} from '../monitor/maintenance/index.js';
import { CliError } from './errors.js';
import type { CliIo } from './io.js';
import { formatNumber, renderTable, toJson } from './output.js';

async function readText(path: string, cwd: string): Promise<string> {
  try {
    return await readFile(resolve(cwd, path), 'utf8');
  } catch {
    throw new CliError('CLI_FILE_NOT_FOUND', `cannot read '${path}'`);
  }
}

/** `reeflow rul --train FILE --test FILE`: remaining useful life per unit with an 80% band. */
export function registerRul(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('rul')
    .description(
      'remaining useful life per unit from degradation signals (C-MAPSS layout), with an 80% band and failure probability within a horizon',
    )
    .requiredOption(
      '--train <file>',
      'run-to-failure histories: unit, cycle, 3 settings, sensors (whitespace-separated)',
    )
    .requiredOption('--test <file>', 'histories to predict, same layout')
    .option('--truth <file>', 'true RUL per test unit, one per line (prints RMSE and the NASA score)')
    .option('--horizon <cycles>', 'also print the probability of failure within this many cycles', '30')
    .option('--seed <n>', 'seed for the calibration folds', '1')
    .option('--json', 'print predictions (and scores) as JSON')
    .addHelpText(
      'after',
      '\nExample:\n  reeflow rul --train train_FD001.txt --test test_FD001.txt --truth RUL_FD001.txt\n',
    )
    .action(
      async (options: {
        train: string;
        test: string;
        truth?: string;
        horizon: string;
        seed: string;
        json?: boolean;
      }) => {
        const horizon = Number(options.horizon);
        const seed = Number(options.seed);
        if (!(horizon > 0) || !Number.isInteger(seed))
          throw new CliError('CLI_BAD_OPTION', '--horizon must be positive and --seed a whole number');
        const [trainText, testText] = await Promise.all([
          readText(options.train, io.cwd),
          readText(options.test, io.cwd),
        ]);
        const model = fitRul(parseCmapss(trainText), { seed });
        const predictions = predictRul(model, parseCmapss(testText)).map((p) => ({
          ...p,
          failureProbability: failureProbability(model, p, horizon),
        }));
        let score: ReturnType<typeof scoreRul> | undefined;
        if (options.truth) {
          const truth = (await readText(options.truth, io.cwd)).trim().split(/\s+/).map(Number);
          score = scoreRul(
            predictions.map((p) => p.rul),
            truth,
          );
        }
        if (options.json)
          io.stdout(
            toJson({
              sensors: model.sensors.map((s) => s + 1),
              horizon,
              predictions,
              ...(score ? { score } : {}),
            }),
          );
        else {
          io.stdout(
            `${renderTable(
              ['unit', 'cycles seen', 'RUL', '80% band', `P(fail ≤ ${horizon})`],
              predictions.map((p) => [
                String(p.unit),
                String(p.cycles),
                formatNumber(p.rul, 1),
                `${formatNumber(p.lower, 0)}–${formatNumber(p.upper, 0)}`,
                p.failureProbability.toFixed(2),
              ]),
            )}\n`,
          );
          io.stdout(`sensors used: ${model.sensors.map((s) => s + 1).join(', ')}\n`);
          if (score)
            io.stdout(
              `RMSE ${score.rmse.toFixed(2)}, NASA score ${score.nasaScore.toFixed(0)} over ${score.n} units\n`,
            );
        }
        setExit(0);
      },
    );
}
