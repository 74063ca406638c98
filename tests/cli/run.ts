import { runCli } from '../../src/cli/main.js';

/** Runs the CLI in-process and captures what it prints. */
export async function run(
  args: string[],
  cwd = process.cwd(),
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    isTty: false,
    env: { PATH: process.env['PATH'], ...env },
    cwd,
  });
  return { code, stdout, stderr };
}
