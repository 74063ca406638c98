import type { Command } from 'commander';
import type { CliIo } from './io.js';
import { redact, startQueueWorker } from './sim-queue.js';
import { wholeNumber } from './simulate-input.js';

interface WorkerCliOptions {
  database: string;
  schema: string;
  concurrency: string;
  idleExit?: string;
  quiet?: boolean;
}

/** `reeflow worker --database URL`: process simulation batches from the PostgreSQL queue until stopped. */
export function registerWorker(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('worker')
    .description(
      'take Monte Carlo batches from the PostgreSQL job queue (pg-boss) and run them; start one per core on any machine',
    )
    .requiredOption(
      '--database <url>',
      'PostgreSQL connection string, e.g. postgres://postgres@127.0.0.1:5432/test',
    )
    .option('--schema <name>', 'pg-boss schema (must match the simulate command)', 'pgboss')
    .option('--concurrency <n>', 'batches taken at a time', '1')
    .option(
      '--idle-exit <seconds>',
      'stop after this many seconds without a batch (default: run until interrupted)',
    )
    .option('--quiet', 'no log lines on stderr')
    .action(async (flags: WorkerCliOptions) => {
      const concurrency = wholeNumber(flags.concurrency, '--concurrency', 1, 64) ?? 1;
      const idleExit = wholeNumber(flags.idleExit, '--idle-exit', 1);
      let last = performance.now();
      const worker = await startQueueWorker(
        { database: flags.database, schema: flags.schema },
        {
          concurrency,
          onBatch: (batch) => {
            last = performance.now();
            if (!flags.quiet)
              io.stderr(`runs ${batch.first}–${batch.first + batch.count - 1} of seed ${batch.seed} done\n`);
          },
        },
      );
      if (!flags.quiet)
        io.stderr(`worker on ${redact(flags.database)} (schema ${flags.schema}); waiting for batches\n`);
      await new Promise<void>((resolve) => {
        const stop = (): void => resolve();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
        if (idleExit !== undefined) {
          const timer = setInterval(() => {
            if (performance.now() - last > idleExit * 1000) {
              clearInterval(timer);
              resolve();
            }
          }, 250);
        }
      });
      await worker.stop();
      if (!flags.quiet) io.stderr(`worker stopped after ${worker.done} batches\n`);
      setExit(0);
    });
}
