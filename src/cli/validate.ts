import { setFlagsFromString } from 'node:v8';
import type { Command } from 'commander';
import { hasErrors } from '../model/index.js';
import type { CliIo } from './io.js';
import { readModel } from './model-input.js';
import { printIssues, toJson } from './output.js';

/**
 * How far V8 lets the heap grow past what survived the last full collection, in percent. By
 * default it grows up to 4× when collecting looks cheap, so validating a model of 250 MB (a 49 MB
 * routes.csv) peaked past 1 GB, mostly garbage. 50 keeps the peak near twice the live model and
 * costs about a quarter more time on such a model. It is not a cap: a model that needs more
 * memory still gets it. Node reads V8 flags at any time; this one is used at every collection.
 */
const HEAP_GROWING_PERCENT = 50;

/** `reeflow validate <model>`: exit 0 when valid, 1 when not; every issue at once. */
export function registerValidate(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('validate')
    .description('check a model (folder, YAML/JSON file or XLSX workbook) and report every problem at once')
    .argument('<model>', 'model folder or file')
    .option('--scenario <name>', 'also apply and check this scenario')
    .option('--json', 'print {valid, issues:[{code,severity,path,message,fix,file,line}]}')
    .addHelpText(
      'after',
      '\nExamples:\n  reeflow validate data/world\n  reeflow validate data/world --scenario heavy-ban --json\n',
    )
    .action(async (path: string, options: { scenario?: string; json?: boolean }) => {
      setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
      const { issues } = await readModel(path, { cwd: io.cwd, scenario: options.scenario });
      const valid = !hasErrors(issues);
      if (options.json) io.stdout(toJson({ valid, issues }));
      else {
        printIssues(issues, io.stderr);
        const errors = issues.filter((i) => i.severity === 'error').length;
        const warnings = issues.filter((i) => i.severity === 'warning').length;
        io.stdout(
          valid
            ? `${path}: valid${warnings ? ` (${warnings} warning${warnings > 1 ? 's' : ''})` : ''}\n`
            : `${path}: ${errors} error${errors > 1 ? 's' : ''}, ${warnings} warning${warnings === 1 ? '' : 's'}\n`,
        );
      }
      setExit(valid ? 0 : 1);
    });
}
