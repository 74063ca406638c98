/**
 * Every exit code the CLI returns, in one table: commands take their codes from here and each
 * command's `--help` lists them from here, so what a script reads and what it gets cannot drift.
 */
import { Help, type Command } from 'commander';

export interface ExitCode {
  code: number;
  meaning: string;
}

/** Codes any command may return. */
export const COMMON_EXIT_CODES = {
  ok: { code: 0, meaning: 'done (also when the reader of the output went away early, as with | head)' },
  failed: {
    code: 1,
    meaning: 'the input or an option is invalid, or the command failed: a coded error on stderr says why',
  },
  internal: {
    code: 70,
    meaning:
      'an unexpected error (a bug): report it with the reference printed; REEFLOW_DEBUG=1 prints the stack',
  },
} as const satisfies Record<string, ExitCode>;

/** Codes other than the common ones, by command: the answer a script may want to act on. */
export const COMMAND_EXIT_CODES = {
  plan: {
    notOptimal: {
      code: 2,
      meaning:
        'no plan to act on: the model is infeasible or unbounded, the solver failed, or the time limit came before any flows (the status says which)',
    },
  },
  simulate: {
    invariantBroken: {
      code: 3,
      meaning:
        'a run broke an invariant (stock balance, capacity): the numbers are suspect, please report it',
    },
  },
  stockpile: {
    noLevel: { code: 2, meaning: 'no stockpile level up to the largest tried reaches the target fill rate' },
  },
  risk: {
    noFlows: { code: 2, meaning: 'RISK_NO_FLOWS: the plan or the saved simulation has no flows to measure' },
  },
  spc: {
    outOfControl: { code: 2, meaning: 'a point breaks a run rule: the process is out of control' },
  },
  anomaly: {
    flagged: { code: 2, meaning: 'a sensor tag has flagged windows' },
  },
} as const satisfies Record<string, Record<string, ExitCode>>;

/** The exit codes of a command (its path, e.g. 'plan' or 'token create'), ordered by code. */
export function toExitCodes(command: string): ExitCode[] {
  const own: Record<string, ExitCode> =
    (COMMAND_EXIT_CODES as Record<string, Record<string, ExitCode>>)[command] ?? {};
  return [...Object.values(COMMON_EXIT_CODES), ...Object.values(own)].sort((a, b) => a.code - b.code);
}

/** The "Exit codes:" section of a command's help, laid out and wrapped like its options. */
function renderExitCodes(codes: readonly ExitCode[], helper: Help): string {
  const width = Math.max(...codes.map((c) => String(c.code).length));
  return `\n${helper
    .formatItemList(
      'Exit codes:',
      codes.map((c) => helper.formatItem(String(c.code), width, c.meaning, helper)),
      helper,
    )
    .join('\n')}`;
}

/**
 * Adds the exit codes to the help of `program` and every command under it, as a section after the
 * options (before any examples). The top level lists the common codes and which commands have more.
 *
 * @example addExitCodeHelp(program) // after every command is registered
 */
export function addExitCodeHelp(program: Command): void {
  const withSection = (command: Command, section: (helper: Help) => string): void => {
    command.configureHelp({
      formatHelp: (cmd, helper) => `${Help.prototype.formatHelp.call(helper, cmd, helper)}${section(helper)}`,
    });
  };
  const others = Object.entries(COMMAND_EXIT_CODES).map(
    ([name, codes]) =>
      `${name} ${Object.values(codes)
        .map((c) => c.code)
        .join(', ')}`,
  );
  const more = `Commands with more codes (see reeflow <command> --help): ${others.join('; ')}.`;
  withSection(
    program,
    (helper) =>
      `${renderExitCodes(Object.values(COMMON_EXIT_CODES), helper)}${helper.boxWrap(more, helper.helpWidth ?? 80)}\n`,
  );
  const visit = (command: Command, path: string): void => {
    withSection(command, (helper) => renderExitCodes(toExitCodes(path), helper));
    for (const sub of command.commands) visit(sub, `${path} ${sub.name()}`);
  };
  for (const command of program.commands) visit(command, command.name());
}
