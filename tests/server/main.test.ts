import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, ServeError, type RunningServer, type ServeOptions } from '../../src/server/main.js';

const OPTIONS: ServeOptions = {
  model: 'data/examples/binding-quota',
  port: 0,
  host: '127.0.0.1',
  dataDir: '.reeflow-test',
  solver: 'highs',
  logLevel: 'silent',
  cwd: process.cwd(),
};

let server: RunningServer;
beforeAll(async () => {
  server = await startServer(OPTIONS, []);
});
afterAll(() => server.close());

describe('reeflow serve (a real listening server)', () => {
  it('answers over HTTP on the port it was given (0 = any free one)', async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).toBe(200);
    expect(health.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const models = (await (await fetch(`${server.url}/v1/models`)).json()) as {
      default: string;
      models: { id: string }[];
    };
    expect(models.default).toBe('binding-quota');
    expect(models.models.map((m) => m.id)).toEqual(
      expect.arrayContaining(['binding-quota', 'world', 'two-base']),
    );
    expect(server.describe[0]).toBe(
      `reeflow serving on ${server.url}  (API ${server.url}/v1, OpenAPI ${server.url}/v1/openapi.json)`,
    );
  });

  it('says clearly when the port is taken', async () => {
    const port = Number(new URL(server.url).port);
    const attempt = startServer({ ...OPTIONS, port }, []);
    await expect(attempt).rejects.toBeInstanceOf(ServeError);
    await expect(attempt).rejects.toMatchObject({
      code: 'SERVE_PORT_IN_USE',
      message: `port ${port} on 127.0.0.1 is already in use (another reeflow serve?); pick another with --port N, or --port 0 for any free port`,
    });
  });

  it('runs serve hooks, passes their deps and readiness to the app, starts their background tasks, and closes them', async () => {
    const closed: string[] = [];
    const started: string[] = [];
    const hooked = await startServer(OPTIONS, [
      async (options) => ({
        describe: [`store in ${options.dataDir}`],
        readiness: [async () => ({ name: 'store', ok: true })],
        background: [
          (app, deps) => {
            started.push(typeof deps.jobs.list);
            app.addHook('onClose', async () => void closed.push('timer'));
          },
        ],
        close: async () => void closed.push('store'),
      }),
    ]);
    expect(started).toEqual(['function']);
    const ready = (await (await fetch(`${hooked.url}/readyz`)).json()) as { checks: { name: string }[] };
    expect(ready.checks.map((c) => c.name)).toEqual(['models', 'store']);
    expect(hooked.describe).toContain('store in .reeflow-test');
    await hooked.close();
    expect(closed).toEqual(['timer', 'store']);
  });
});
