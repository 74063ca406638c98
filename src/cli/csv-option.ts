/**
 * `--csv <folder>` on every command that prints tables: the command runs as usual, and each table it
 * printed is also written to the folder as CSV (`writeCsvTables`). One mechanism for all commands:
 * tables are recorded where they are drawn (`renderTable`), so no command does anything for it.
 */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { CliIo } from './io.js';
import { recordTables, writeCsvTables, type DrawnTable } from './output.js';

/** The commands that print tables. */
export const CSV_COMMANDS = [
  'inspect',
  'plan',
  'simulate',
  'stockpile',
  'risk',
  'compare',
  'replan',
  'spc',
  'anomaly',
  'rul',
  'projects',
  'allocate',
  'dividend',
  'calibrate',
] as const;

export interface CsvCapture {
  /** The io commands write to: stdout is kept (for the tables' titles) and passed on. */
  io: CliIo;
  /** Adds `--csv <folder>` to the table commands of `program` and notes which one runs. */
  attach(program: Command): void;
  /** Runs the parse with table recording on, then writes the CSV files if `--csv` was given. */
  run(task: () => Promise<unknown>): Promise<void>;
}

/** Wraps `io` for `--csv`. */
export function captureTables(io: CliIo): CsvCapture {
  let printed = '';
  const tables: DrawnTable[] = [];
  let folder: string | undefined;
  const wrapped: CliIo = {
    ...io,
    stdout: (text) => {
      // Kept only under --csv: `emit --stdout` may stream without end.
      if (folder !== undefined) printed += text;
      io.stdout(text);
    },
  };
  return {
    io: wrapped,
    attach(program) {
      for (const command of program.commands) {
        if (!(CSV_COMMANDS as readonly string[]).includes(command.name())) continue;
        command
          .option('--csv <folder>', 'also write every table printed as a CSV file into <folder>')
          .addHelpText(
            'after',
            `CSV: reeflow ${command.name()} … --csv tables/ writes 01-<title>.csv, 02-<title>.csv … (one per table, numbers without separators).\n`,
          );
      }
      program.hook('preAction', (_program, command) => {
        folder = command.opts()['csv'] as string | undefined;
      });
    },
    async run(task) {
      await recordTables(tables, task);
      if (folder === undefined) return;
      const files = await writeCsvTables(resolve(io.cwd, folder), tables, printed);
      io.stderr(
        files.length === 0
          ? `--csv: no tables were printed (--json prints none), nothing written to ${folder}\n`
          : `--csv: wrote ${files.length} ${files.length === 1 ? 'table' : 'tables'} to ${folder}\n`,
      );
    },
  };
}
