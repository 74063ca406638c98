// A device token writes telemetry for its own facility only (issue 9 scopes); others are rejected per
// event with TELEMETRY_FACILITY_FORBIDDEN and never stored, while its own events in the same batch are.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createOperateService, type OperateService, type OperateStore } from '../../src/monitor/index.js';
import { openSqliteStore } from '../../src/store/index.js';
import { createMemoryTokenStore } from '../../src/server/auth.js';
import { createTestApp } from './helpers.js';
import { FACILITIES, NOW, inventory, ndjson } from './telemetry-helpers.js';

let app: FastifyInstance;
let store: OperateStore;
let operate: OperateService;
let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'reeflow-device-'));
  store = openSqliteStore({ dataDir: dir, clock: () => NOW });
  operate = createOperateService({ store, clock: () => NOW, facilities: FACILITIES });
  const tokens = createMemoryTokenStore([
    { id: 't1', name: 'hub sensor gateway', role: 'device', scope: { facility: 'hub' }, token: 'device-hub' },
    { id: 't2', name: 'analyst', role: 'analyst', token: 'analyst' },
  ]);
  app = createTestApp({ store, operate, clock: () => NOW, auth: { tokens } });
  await app.ready();
});
afterAll(async () => {
  await app.close();
  await operate.drain();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const post = (token: string, events: unknown[]) =>
  app.inject({
    method: 'POST',
    url: '/v1/telemetry',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-ndjson' },
    payload: ndjson(events),
  });

describe('device scope on POST /v1/telemetry', () => {
  it('stores its own facility’s events and rejects the others with a code', async () => {
    const response = await post('device-hub', [
      inventory('own-1', 10),
      inventory('other-1', 5, NOW - 60_000, 'sep-b'),
    ]);
    expect(response.statusCode).toBe(200);
    const body = response.json() as {
      accepted: number;
      rejected: number;
      errors: { code: string; index: number }[];
    };
    expect(body.accepted).toBe(1);
    expect(body.rejected).toBe(1);
    expect(body.errors).toEqual([
      expect.objectContaining({ code: 'TELEMETRY_FACILITY_FORBIDDEN', index: 1 }),
    ]);
    expect([...(await store.telemetry.has(['own-1', 'other-1']))]).toEqual(['own-1']);
  });

  it('refuses analysts (read-only) with 403', async () => {
    expect((await post('analyst', [inventory('a-1', 1)])).statusCode).toBe(403);
  });
});
