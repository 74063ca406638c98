/** An app with operate enabled over a fresh SQLite store, a fixed clock and known facilities. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import {
  alertRuleSchema,
  createOperateService,
  type AlertNotifier,
  type AlertRuleInput,
  type OperateService,
  type OperateStore,
} from '../../src/monitor/index.js';
import type { TokenStore } from '../../src/server/auth.js';
import { startEmbeddedBroker, type TelemetryBroker } from '../../src/server/mqtt.js';
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

export async function createOperateApp(
  options: { rules?: AlertRuleInput[]; notifier?: AlertNotifier; clock?: () => number } = {},
): Promise<OperateApp> {
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

export function inventory(
  id: string,
  tonnes: number,
  time = NOW - 60_000,
  facility = 'hub',
  material = 'Nd-oxide',
): Record<string, unknown> {
  return { id, kind: 'inventory', facility, time, material, tonnes };
}

export function sensor(
  id: string,
  value: number,
  time = NOW - 60_000,
  facility = 'sep-b',
): Record<string, unknown> {
  return { id, kind: 'sensor', facility, time, asset: 'pump-3', tag: 'vibration', value, unit: 'mm/s' };
}

export const ndjson = (events: unknown[]): string =>
  events.map((e) => (typeof e === 'string' ? e : JSON.stringify(e))).join('\n');

/**
 * Publishes `total` sensor readings at QoS 1 (ids `<prefix><i>`), pausing briefly every 100, and
 * calls `restart` (which restarts the broker) after message `restartAt` has been sent; resolves with
 * the ids the broker acknowledged.
 */
export async function publishAcrossRestart(
  publisher: { publishAsync(topic: string, message: string, options: { qos: 1 }): Promise<unknown> },
  options: { prefix: string; total: number; restartAt: number; restart: () => Promise<void> },
): Promise<Set<string>> {
  const acked = new Set<string>();
  const sends: Promise<void>[] = [];
  for (let i = 0; i < options.total; i += 1) {
    const id = `${options.prefix}${i}`;
    sends.push(
      publisher
        .publishAsync('reeflow/v1/sep-b/sensor', JSON.stringify(sensor(id, i, NOW - 1_000_000 + i)), {
          qos: 1,
        })
        .then(() => void acked.add(id)),
    );
    if (i === options.restartAt) await options.restart();
    else if (i % 100 === 0) await new Promise((done) => setTimeout(done, 5));
  }
  await Promise.all(sends);
  return acked;
}

/**
 * Starts an embedded broker with auth (`tokens`) over a fresh SQLite store on a free port; the
 * close step goes into `cleanups` (run in reverse after each test).
 */
export async function startAuthBroker(
  tokens: TokenStore,
  cleanups: (() => Promise<void> | void)[],
): Promise<{ store: OperateStore; operate: OperateService; broker: TelemetryBroker }> {
  const dir = mkdtempSync(join(tmpdir(), 'reeflow-mqtt-auth-'));
  const store = openSqliteStore({ dataDir: dir });
  const operate = createOperateService({ store, clock: () => NOW, facilities: FACILITIES });
  const broker = await startEmbeddedBroker(operate, { port: 0, host: '127.0.0.1', tokens });
  cleanups.push(async () => {
    await broker.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return { store, operate, broker };
}
