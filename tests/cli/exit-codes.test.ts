/**
 * Exit codes other than 0 and 1 are listed in each command's --help, from the one table the
 * commands take them from (src/cli/exit-codes.ts).
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  COMMAND_EXIT_CODES,
  COMMON_EXIT_CODES,
  toExitCodes,
  type ExitCode,
} from '../../src/cli/exit-codes.js';
import { run } from './run.js';

/** The command names the top-level help lists (every registered command, whoever owns it). */
async function listCommands(): Promise<string[]> {
  const { stdout } = await run(['--help']);
  const section = stdout.split('Commands:\n')[1] ?? '';
  return [...section.matchAll(/^ {2}([a-z][a-z-]*)\b/gm)]
    .map((m) => m[1] as string)
    .filter((name) => name !== 'help');
}

/** Whether a help text lists `code` with its meaning (as an item, however wrapped). */
const lists = (help: string, { code, meaning }: ExitCode): boolean =>
  ` ${help.replace(/\s+/g, ' ')} `.includes(` ${code} ${meaning} `);

describe('exit codes in --help', () => {
  it('every command and subcommand lists the common codes and its own, from the one table', async () => {
    const commands = await listCommands();
    expect(commands).toEqual(
      expect.arrayContaining([...Object.keys(COMMAND_EXIT_CODES), 'validate', 'serve', 'ingest', 'token']),
    );
    for (const name of [...commands, 'token create', 'token list', 'token revoke']) {
      const { code, stdout } = await run([...name.split(' '), '--help']);
      expect(code, name).toBe(0);
      expect(stdout, name).toContain('\nExit codes:\n');
      for (const exit of toExitCodes(name))
        expect(lists(stdout, exit), `${name} --help lists ${exit.code}`).toBe(true);
    }
    expect(toExitCodes('plan').map((c) => c.code)).toEqual([0, 1, 2, 70]);
    expect(toExitCodes('simulate').map((c) => c.code)).toEqual([0, 1, 3, 70]);
    const top = (await run(['--help'])).stdout;
    for (const exit of Object.values(COMMON_EXIT_CODES)) expect(lists(top, exit)).toBe(true);
    expect(top.replace(/\s+/g, ' ')).toContain('plan 2; simulate 3; stockpile 2; risk 2; spc 2; anomaly 2.');
  });

  it('a command that ends with 2 lists 2 with that meaning (anomaly flags a tag, spc finds a run-rule violation)', async () => {
    const anomaly = await run(['anomaly', 'data/samples/ec2_request_latency_system_failure.csv']);
    expect(anomaly.code).toBe(COMMAND_EXIT_CODES.anomaly.flagged.code);
    expect(anomaly.code).toBe(2);
    expect(lists((await run(['anomaly', '--help'])).stdout, COMMAND_EXIT_CODES.anomaly.flagged)).toBe(true);

    const dir = mkdtempSync(join(tmpdir(), 'reeflow-exit-'));
    // 20 readings of 10 and one of 50: far outside the individuals chart's limits (Nelson rule 1).
    writeFileSync(
      join(dir, 'spc.csv'),
      `value\n${[...Array<number>(10).fill(10), 50, ...Array<number>(10).fill(10)].map((v, i) => v + (i % 2) * 0.1).join('\n')}\n`,
    );
    const spc = await run(['spc', join(dir, 'spc.csv'), '--chart', 'imr']);
    expect(spc.code).toBe(COMMAND_EXIT_CODES.spc.outOfControl.code);
    expect(lists((await run(['spc', '--help'])).stdout, COMMAND_EXIT_CODES.spc.outOfControl)).toBe(true);
  });

  it('a coded error and a usage error end with 1, as the help says', async () => {
    expect((await run(['validate', 'no/such/model'])).code).toBe(COMMON_EXIT_CODES.failed.code);
    expect((await run(['plan', '--no-such-option', 'x'])).code).toBe(COMMON_EXIT_CODES.failed.code);
  });

  it('no command writes an exit code other than 0 or 1 as a number: every other one comes from the table', () => {
    // setExit(…), new CliError(code, message, exit) and runCli's own returns: a literal 2 or more there would be a code the help does not know.
    const literal =
      /\bsetExit\([^;]*?\b(?:[2-9]|\d{2,})\b[^;]*\);|new CliError\([^\n]*?[`'"],\s*(?:[2-9]|\d{2,})\s*\)|return\s+(?:[2-9]|\d{2,});/g;
    const found = readdirSync('src/cli')
      .filter((file) => file.endsWith('.ts'))
      .flatMap((file) =>
        [...readFileSync(join('src/cli', file), 'utf8').matchAll(literal)].map(
          (m) => `${file}: ${m[0].slice(0, 80)}`,
        ),
      );
    expect(found).toEqual([]);
  });
});
