/** An app with operate enabled over a fresh SQLite store, a fixed clock and known facilities. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { alertRuleSchema, createOperateService, type AlertNotifier, type AlertRuleInput, type OperateService, type OperateStore } from '../../src/monitor/index.js';
import { openSqliteStore } from '../../src/store/index.js';
import { createTestApp } from './helpers.js';

/** 2026-03-10T00:00:00Z: the clock of every operate test. */
export const NOW = Date.UTC(2026, 2, 10);
export const FACILITIES = new Set(['mine-a', 'sep-b', 'hub']);

export interface OperateApp {
  app: FastifyInstance;
  store: OperateStore;
  operate: OperateService;
  dir: string;
  close(): Promise<void>;
}

export async function createOperateApp(options: { rules?: AlertRuleInput[]; notifier?: AlertNotifier; clock?: () => number } = {}): Promise<OperateApp> {
  const dir = mkdtempSync(join(tmpdir(), 'reeflow-operate-'));
  const clock = options.clock ?? (() => NOW);
  const store = openSqliteStore({ dataDir: dir, clock });
  const operate = createOperateService({
    store,
    clock,
    facilities: FACILITIES,
    rules: (options.rules ?? []).map((r) => alertRuleSchema.parse(r)),
    ...(options.notifier ? { notifier: options.notifier } : {}),
  });
  const app = createTestApp({ store, operate, clock });
  await app.ready();
  return {
    app,
    store,
    operate,
    dir,
    async close() {
      await app.close();
      await operate.drain();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function inventory(id: string, tonnes: number, time = NOW - 60_000, facility = 'hub', material = 'Nd-oxide'): Record<string, unknown> {
  return { id, kind: 'inventory', facility, time, material, tonnes };
}

export function sensor(id: string, value: number, time = NOW - 60_000, facility = 'sep-b'): Record<string, unknown> {
  return { id, kind: 'sensor', facility, time, asset: 'pump-3', tag: 'vibration', value, unit: 'mm/s' };
}

export const ndjson = (events: unknown[]): string => events.map((e) => (typeof e === 'string' ? e : JSON.stringify(e))).join('\n');
