/**
 * The process-level guard of `reeflow serve`: an exception or promise rejection that no handler
 * caught is logged at error level with its stack, counted in `reeflow_uncaught_errors_total`, and
 * the server keeps serving. The server runs in a child process (vitest's own listeners would take
 * the planted errors as failures of this run); it plants one of each when told to on stdin.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';

const CHILD = `
const { startServer } = await import(${JSON.stringify(`${process.cwd()}/src/server/main.ts`)});
const server = await startServer({ port: 0, host: '127.0.0.1', dataDir: '.reeflow-test', solver: 'highs', logLevel: 'error', cwd: process.cwd() }, []);
console.log(server.url);
process.stdin.on('data', () => {
  setImmediate(() => { throw new Error('planted handler bug'); });
  void Promise.reject(new Error('planted rejection'));
});
`;

let child: ChildProcess | undefined;
afterEach(async () => {
  if (child && child.exitCode === null) {
    child.kill();
    await once(child, 'exit');
  }
  child = undefined;
});

describe('uncaught-error guard', () => {
  it('an error no handler caught is logged with its stack and counted, and the server still answers /healthz', async () => {
    const started = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', CHILD], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    child = started;
    let stderr = '';
    started.stderr?.on('data', (chunk: Buffer) => void (stderr += chunk.toString()));
    const [url] = (await once(
      createInterface({ input: started.stdout as NodeJS.ReadableStream }),
      'line',
    )) as [string];
    const uncaught = async (): Promise<string | undefined> =>
      /^reeflow_uncaught_errors_total (\d+)$/m.exec(await (await fetch(`${url}/metrics`)).text())?.[1];
    // It exists, at 0, on a fresh server.
    expect(await uncaught()).toBe('0');

    started.stdin?.write('plant\n');
    await expect.poll(uncaught, { timeout: 10_000 }).toBe('2');
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    expect(started.exitCode).toBeNull();
    await expect.poll(() => stderr).toContain('planted rejection');
    // One line each, in either order (the rejection comes in a microtask, the exception a turn later).
    const lines = stderr
      .trim()
      .split('\n')
      .map(
        (line) =>
          JSON.parse(line) as {
            level: number;
            msg: string;
            kind: string;
            err: { message: string; stack: string };
          },
      )
      .sort((a, b) => a.kind.localeCompare(b.kind));
    expect(lines.map((l) => [l.level, l.kind, l.err.message])).toEqual([
      [50, 'exception', 'planted handler bug'],
      [50, 'rejection', 'planted rejection'],
    ]);
    expect(lines[0]?.msg).toContain('the server keeps serving');
    expect(lines[0]?.err.stack).toContain('at Immediate');
  }, 30_000);
});
