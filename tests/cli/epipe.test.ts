/**
 * `reeflow … | head`: a reader that goes away before the output is written (EPIPE) ends the
 * command quietly, with the exit code the command would have had.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';

/**
 * Runs bin/reeflow.js with stdout a pipe whose reading end is closed before the CLI has started
 * (so its first write meets EPIPE for certain, whatever the pipe's buffer size) and returns the
 * exit code and what it wrote to stderr (stderr too may be closed: `reeflow … 2>&1 | head`).
 */
async function runIntoClosedPipe(
  args: readonly string[],
  options: { closeStderr?: boolean } = {},
): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  const child = spawn(process.execPath, ['bin/reeflow.js', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, TZ: 'UTC' },
  });
  child.stdout.destroy();
  if (options.closeStderr) child.stderr.destroy();
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (text: string) => void (stderr += text));
  const [code, signal] = (await once(child, 'close')) as [number | null, NodeJS.Signals | null];
  return { code, signal, stderr };
}

describe('a reader that closes early (reeflow … | head)', () => {
  it('ends the command quietly with exit 0: no stack trace, no EPIPE on stderr', async () => {
    // schema prints about 69 KB of JSON Schema, more than a pipe holds.
    const result = await runIntoClosedPipe(['schema']);
    expect(result.stderr).toBe('');
    expect(result).toMatchObject({ code: 0, signal: null });
  });

  it('keeps the exit code the command would have had (anomaly with flagged windows: 2)', async () => {
    const result = await runIntoClosedPipe([
      'anomaly',
      'data/samples/ec2_request_latency_system_failure.csv',
    ]);
    expect(result.stderr).not.toMatch(/EPIPE|Error|\n\s+at /);
    expect(result).toMatchObject({ code: 2, signal: null });
  });

  it('keeps quiet when help goes to a closed pipe too', async () => {
    const result = await runIntoClosedPipe(['plan', '--help']);
    expect(result.stderr).toBe('');
    expect(result).toMatchObject({ code: 0, signal: null });
  });

  it('is as quiet when stderr is gone too (plan writes its phases there): exit 0', async () => {
    const result = await runIntoClosedPipe(['plan', 'data/examples/binding-quota'], { closeStderr: true });
    expect(result).toMatchObject({ code: 0, signal: null });
  });
});
