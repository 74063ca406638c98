/** The `reeflow` command line: one file per command, registered here. */
import { Command, CommanderError } from 'commander';
import { VERSION } from '../version.js';
import { reportError } from './errors.js';
import { addExitCodeHelp, COMMON_EXIT_CODES } from './exit-codes.js';
import { createProcessIo, type CliIo } from './io.js';
import { registerInspect } from './inspect.js';
import { registerPlan } from './plan.js';
import { registerSchema } from './schema.js';
import { registerValidate } from './validate.js';
import { registerSimulate } from './simulate.js';
import { registerStockpile } from './stockpile.js';
import { registerWorker } from './worker.js';
import { registerRisk } from './risk.js';
import { registerCompare } from './compare.js';
import { registerServe } from './serve.js';
import { registerIngest } from './ingest.js';
import { registerEmit } from './emit.js';
import { registerReplan } from './replan.js';
import { registerSpc } from './spc.js';
import { registerAnomaly } from './anomaly.js';
import { registerRul } from './rul.js';
import { registerProjects } from './projects.js';
import { registerAllocate } from './allocate.js';
import { registerDividend } from './dividend.js';
import { registerToken } from './token.js';
import { registerCalibrate } from './calibrate.js';
import { registerExport } from './export.js';
import { captureTables } from './csv-option.js';

/** Runs the CLI with `argv` (without node and script) and returns the exit code; never throws. */
export async function runCli(argv: readonly string[], processIo: CliIo): Promise<number> {
  const csv = captureTables(processIo);
  const io = csv.io;
  let exitCode: number = COMMON_EXIT_CODES.ok.code;
  const setExit = (code: number): void => {
    exitCode = code;
  };
  const program = new Command('reeflow')
    .description(
      'reeflow: a digital twin of the rare-earth value chain — validate, inspect and plan models from ore to magnet',
    )
    .version(VERSION)
    .exitOverride()
    .showHelpAfterError('(add --help for usage)')
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  registerValidate(program, io, setExit);
  registerInspect(program, io, setExit);
  registerSchema(program, io, setExit);
  registerPlan(program, io, setExit);
  registerSimulate(program, io, setExit);
  registerStockpile(program, io, setExit);
  registerWorker(program, io, setExit);
  registerRisk(program, io, setExit);
  registerCompare(program, io, setExit);
  registerServe(program, io, setExit);
  registerIngest(program, io, setExit);
  registerEmit(program, io, setExit);
  registerReplan(program, io, setExit);
  registerSpc(program, io, setExit);
  registerAnomaly(program, io, setExit);
  registerRul(program, io, setExit);
  registerProjects(program, io, setExit);
  registerAllocate(program, io, setExit);
  registerDividend(program, io, setExit);
  registerToken(program, io, setExit);
  registerCalibrate(program, io, setExit);
  registerExport(program, io, setExit);
  csv.attach(program);
  for (const command of program.commands)
    command.exitOverride().configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  addExitCodeHelp(program);
  try {
    await csv.run(() => program.parseAsync([...argv], { from: 'user' }));
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError)
      return error.exitCode === 0 ? COMMON_EXIT_CODES.ok.code : COMMON_EXIT_CODES.failed.code;
    return reportError(error, io);
  }
}

const isMain =
  process.argv[1] !== undefined && /(?:^|[\\/])(?:main\.(?:ts|js)|reeflow(?:\.js)?)$/.test(process.argv[1]);
if (isMain) {
  const code = await runCli(process.argv.slice(2), createProcessIo());
  process.exitCode = code;
}
