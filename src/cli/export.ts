/** `reeflow export <model>`: the model written as a workbook, a model folder, or one YAML/JSON file. */
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { writeModel, type ModelFormat } from '../model/index.js';
import { CliError } from './errors.js';
import type { CliIo } from './io.js';
import { readModel } from './model-input.js';
import { printIssues } from './output.js';

interface ExportOptions {
  xlsx?: string;
  folder?: string;
  yaml?: string;
  json?: string;
}

const TARGETS = ['xlsx', 'folder', 'yaml', 'json'] as const;

/** The one target of an export; refuses none or several, and a target file that is a folder. */
function targetOf(options: ExportOptions, cwd: string): { format: ModelFormat; path: string } {
  const given = TARGETS.filter((t) => options[t] !== undefined);
  if (given.length !== 1)
    throw new CliError(
      'EXPORT_TARGET',
      `give exactly one of --xlsx, --folder, --yaml, --json (found ${given.length === 0 ? 'none' : given.map((t) => `--${t}`).join(', ')}); e.g. --xlsx model.xlsx`,
    );
  const format = given[0] as ModelFormat;
  const path = resolve(cwd, options[format] ?? '');
  if (format !== 'folder' && existsSync(path) && statSync(path).isDirectory())
    throw new CliError('EXPORT_TARGET', `--${format} ${options[format]} is a folder; give a file name`);
  if (format === 'folder' && existsSync(path) && !statSync(path).isDirectory())
    throw new CliError('EXPORT_TARGET', `--folder ${options.folder} is a file; give a folder name`);
  return { format, path };
}

/** Registers `reeflow export`. */
export function registerExport(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('export')
    .description(
      'write a model (folder, YAML/JSON file or XLSX workbook) in another form: an Excel workbook with one sheet per table, a model folder, or one file; loading what is written gives the same model',
    )
    .argument('<model>', 'model folder, YAML/JSON file or .xlsx workbook')
    .option('--xlsx <file>', 'write an Excel workbook (one sheet per table, facilities and processes apart)')
    .option('--folder <dir>', 'write a model folder: model.yaml, CSV for the flat tables, YAML for the rest')
    .option('--yaml <file>', 'write one YAML file')
    .option('--json <file>', 'write one JSON file')
    .addHelpText(
      'after',
      '\nExamples:\n  reeflow export data/two-base --xlsx two-base.xlsx\n  reeflow export two-base.xlsx --folder two-base-copy/\n  reeflow export data/world --yaml world.yaml\n\nA model folder written over an existing one replaces its model files (model.yaml, the CSV and YAML tables).\n',
    )
    .action(async (modelPath: string, options: ExportOptions) => {
      const target = targetOf(options, io.cwd);
      const { model, issues } = await readModel(modelPath, { cwd: io.cwd });
      printIssues(
        issues.filter((i) => i.severity !== 'info'),
        io.stderr,
      );
      if (!model) {
        setExit(1);
        return;
      }
      await writeModel(model, target.path, { format: target.format });
      io.stdout(`${modelPath} → ${options[target.format]} (${target.format})\n`);
    });
}
