import type { Command } from 'commander';
import { toModelJsonSchema } from '../model/index.js';
import type { CliIo } from './io.js';
import { toJson } from './output.js';

/** `reeflow schema`: the JSON Schema of the model file format, for editors and validators. */
export function registerSchema(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('schema')
    .description("print the JSON Schema of the model format (point your editor's YAML plugin at it)")
    .addHelpText('after', '\nExample:\n  reeflow schema > reeflow.schema.json\n')
    .action(() => {
      io.stdout(toJson(toModelJsonSchema()));
      setExit(0);
    });
}
