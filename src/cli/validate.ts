import type { Command } from 'commander';
import { hasErrors } from '../model/index.js';
import type { CliIo } from './io.js';
import { readModel } from './model-input.js';
import { printIssues, toJson } from './output.js';

/** `reeflow validate <model>`: exit 0 when valid, 1 when not; every issue at once. */
export function registerValidate(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('validate')
    .description('check a model (folder, YAML/JSON file or XLSX workbook) and report every problem at once')
    .argument('<model>', 'model folder or file')
    .option('--scenario <name>', 'also apply and check this scenario')
    .option('--json', 'print {valid, issues:[{code,severity,path,message,fix,file,line}]}')
    .addHelpText('after', '\nExamples:\n  reeflow validate data/world\n  reeflow validate data/world --scenario heavy-ban --json\n')
    .action(async (path: string, options: { scenario?: string; json?: boolean }) => {
      const { issues } = await readModel(path, { cwd: io.cwd, scenario: options.scenario });
      const valid = !hasErrors(issues);
      if (options.json) io.stdout(toJson({ valid, issues }));
      else {
        printIssues(issues, io.stderr);
        const errors = issues.filter((i) => i.severity === 'error').length;
        const warnings = issues.filter((i) => i.severity === 'warning').length;
        io.stdout(valid ? `${path}: valid${warnings ? ` (${warnings} warning${warnings > 1 ? 's' : ''})` : ''}\n` : `${path}: ${errors} error${errors > 1 ? 's' : ''}, ${warnings} warning${warnings === 1 ? '' : 's'}\n`);
      }
      setExit(valid ? 0 : 1);
    });
}
