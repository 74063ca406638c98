/**
 * `reeflow emit` against a server with auth (the `reeflow serve` default): the token in
 * REEFLOW_TOKEN goes out as the HTTP bearer and as the MQTT password; without it both refuse.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOperateService, type OperateService, type OperateStore } from '../../src/monitor/index.js';
import { createMemoryTokenStore } from '../../src/server/auth.js';
import { startEmbeddedBroker } from '../../src/server/mqtt.js';
import { openSqliteStore } from '../../src/store/index.js';
import { createTestApp } from '../server/helpers.js';
import { run } from './run.js';

const ADMIN = 'rf_emit-test-admin-0123456789abcdef';
let dir: string;
let store: OperateStore;
let operate: OperateService;
let app: FastifyInstance;
let http: string;
let broker: Awaited<ReturnType<typeof startEmbeddedBroker>>;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'reeflow-emit-auth-'));
  store = openSqliteStore({ dataDir: dir });
  operate = createOperateService({ store, clock: Date.now });
  const tokens = createMemoryTokenStore([{ id: 'admin', name: 'admin', role: 'admin', token: ADMIN }]);
  app = createTestApp({ store, operate, clock: Date.now, auth: { tokens } });
  http = await app.listen({ port: 0, host: '127.0.0.1' });
  broker = await startEmbeddedBroker(operate, { port: 0, host: '127.0.0.1', tokens });
});
afterAll(async () => {
  await broker.close();
  await app.close();
  await operate.drain();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('reeflow emit with a token', () => {
  it('posts over HTTP with REEFLOW_TOKEN as the bearer, and is refused without it', async () => {
    const refused = await run(['emit', 'data/two-base', '--count', '20', '--rate', '1000', '--http', http]);
    expect(refused).toMatchObject({ code: 1, stderr: expect.stringContaining('EMIT_HTTP_FAILED') });
    expect(refused.stderr).toContain('answered 401');
    const sent = await run(
      ['emit', 'data/two-base', '--count', '20', '--rate', '1000', '--seed', '3', '--http', http],
      process.cwd(),
      { REEFLOW_TOKEN: ADMIN },
    );
    expect(sent.code).toBe(0);
    expect(sent.stderr).toMatch(/emitted 20 events .*, 20 acknowledged/);
  });

  it('publishes over MQTT with REEFLOW_TOKEN as the password, and is refused without it', async () => {
    const refused = await run([
      'emit',
      'data/two-base',
      '--count',
      '20',
      '--mqtt',
      `mqtt://127.0.0.1:${broker.port}`,
    ]);
    expect(refused).toMatchObject({ code: 1, stderr: expect.stringContaining('EMIT_MQTT_FAILED') });
    expect(refused.stderr).toContain('set REEFLOW_TOKEN');
    const before = await store.telemetry.count();
    const sent = await run(
      [
        'emit',
        'data/two-base',
        '--count',
        '20',
        '--rate',
        '1000',
        '--seed',
        '4',
        '--mqtt',
        `mqtt://127.0.0.1:${broker.port}`,
      ],
      process.cwd(),
      { REEFLOW_TOKEN: ADMIN },
    );
    expect(sent.code).toBe(0);
    expect(sent.stderr).toMatch(/emitted 20 events .*, 20 acknowledged/);
    expect(await store.telemetry.count()).toBe(before + 20);
  });
});
