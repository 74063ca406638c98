/**
 * A database restart mid-ingest, PostgreSQL edition: while clients stream telemetry over HTTP into
 * a PostgreSQL store, every backend connection of the server is terminated (pg_terminate_backend,
 * the server side of a restart) again and again. The shared PostgreSQL service itself is never
 * restarted. Every batch answered 2xx must be stored, exactly once; requests that failed are
 * re-sent afterwards, which works because the store's pool reconnects, and completes the set. The
 * same over MQTT QoS 1 into the embedded broker: a batch that was not stored is not PUBACKed, the
 * broker drops the publisher, which reconnects and re-sends; every message ends up stored once.
 */
import mqtt from 'mqtt';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { createOperateService } from '../../src/monitor/index.js';
import { startEmbeddedBroker } from '../../src/server/mqtt.js';
import { openPostgresStore } from '../../src/store/index.js';
import { POSTGRES_URL, dropSchema, postgresReachable, uniqueSchema } from '../store/services.js';
import { createTestApp } from './helpers.js';
import { FACILITIES, NOW, ndjson, sensor } from './telemetry-helpers.js';

const reachable = await postgresReachable();
const schema = uniqueSchema('reeflow_terminate');
afterAll(async () => {
  if (reachable) await dropSchema(schema);
});

const BATCH = 200;
const TERMINATIONS = 5;
/** Terminates every backend of the store's pool; how many were terminated. */
async function terminateBackends(admin: pg.Client, applicationName: string): Promise<number> {
  const { rows } = await admin.query<{ ok: boolean }>(
    'SELECT pg_terminate_backend(pid) AS ok FROM pg_stat_activity WHERE application_name = $1 AND pid <> pg_backend_pid()',
    [applicationName],
  );
  return rows.filter((r) => r.ok).length;
}

const batchBody = (batch: number): string =>
  ndjson(
    Array.from({ length: BATCH }, (_, i) =>
      sensor(`t-${batch}-${i}`, i, NOW - 3_600_000 + batch * BATCH + i),
    ),
  );

describe.skipIf(!reachable)('PostgreSQL backends terminated while ingesting', () => {
  it('keeps every acknowledged event exactly once, and the store reconnects so a re-send completes the set', async () => {
    const applicationName = `reeflow_terminate_${process.pid}`;
    const store = await openPostgresStore({
      connectionString: `${POSTGRES_URL}?application_name=${applicationName}`,
      schema,
    });
    const operate = createOperateService({ store, clock: () => NOW, facilities: FACILITIES });
    const app = createTestApp({ store, operate, clock: () => NOW });
    await app.ready();
    const admin = new pg.Client({ connectionString: POSTGRES_URL });
    await admin.connect();
    try {
      const failures: string[] = [];
      const send = async (batch: number): Promise<boolean> => {
        const response = await app.inject({
          method: 'POST',
          url: '/v1/telemetry',
          headers: { 'content-type': 'application/x-ndjson' },
          payload: batchBody(batch),
        });
        if (response.statusCode !== 200) {
          failures.push(`${response.statusCode} ${(JSON.parse(response.body) as { code: string }).code}`);
          return false;
        }
        const body = JSON.parse(response.body) as { accepted: number; duplicates: number };
        return body.accepted + body.duplicates === BATCH;
      };
      const acked = new Set<number>();
      let next = 0;
      let stop = false;
      const worker = async (): Promise<void> => {
        while (!stop) {
          const batch = next++;
          if (await send(batch)) acked.add(batch);
        }
      };
      const workers = [worker(), worker(), worker(), worker()];
      let terminated = 0;
      for (let round = 0; round < TERMINATIONS; round += 1) {
        // Let a few more batches through between terminations, so each one lands mid-stream.
        const target = acked.size + 3;
        while (acked.size < target) await new Promise((done) => setTimeout(done, 5));
        terminated += await terminateBackends(admin, applicationName);
      }
      stop = true;
      await Promise.all(workers);
      const sent = next;
      expect(terminated).toBeGreaterThanOrEqual(TERMINATIONS);
      // A request caught by a termination is told to re-send (503), never a crash or a 500.
      for (const failure of failures) expect(failure).toBe('503 UNAVAILABLE');

      const ackedIds = [...acked].flatMap((b) => Array.from({ length: BATCH }, (_, i) => `t-${b}-${i}`));
      expect((await store.telemetry.has(ackedIds)).size).toBe(ackedIds.length);
      const afterTerminations = await store.telemetry.count();
      expect(afterTerminations).toBeGreaterThanOrEqual(ackedIds.length);
      expect(afterTerminations).toBeLessThanOrEqual(sent * BATCH);

      // The same store (its pool reconnected) takes the re-sends; each event ends up stored once.
      for (let batch = 0; batch < sent; batch += 1) expect(await send(batch)).toBe(true);
      expect(await store.telemetry.count()).toBe(sent * BATCH);
    } finally {
      await admin.end();
      await app.close();
      await operate.drain();
      await store.close();
    }
  }, 120_000);

  it('over MQTT QoS 1: every PUBACKed message is stored, and the publisher, dropped when a batch fails, re-sends until all are stored once', async () => {
    const applicationName = `reeflow_terminate_mqtt_${process.pid}`;
    const store = await openPostgresStore({
      connectionString: `${POSTGRES_URL}?application_name=${applicationName}`,
      schema,
    });
    const operate = createOperateService({ store, clock: () => NOW, facilities: FACILITIES });
    const broker = await startEmbeddedBroker(operate, { port: 0, host: '127.0.0.1' });
    const admin = new pg.Client({ connectionString: POSTGRES_URL });
    await admin.connect();
    const publisher = await mqtt.connectAsync(broker.url, {
      clientId: `terminate-${process.pid}`,
      clean: false,
      reconnectPeriod: 50,
    });
    try {
      const TOTAL = 3000;
      const ids = Array.from({ length: TOTAL }, (_, n) => `q-${n}`);
      const before = await store.telemetry.count();
      const acked = new Set<string>();
      // 200 in flight at most; mqtt.js keeps unacknowledged messages and re-sends them after each reconnect.
      let next = 0;
      const publishAll = new Promise<void>((done) => {
        const pump = (): void => {
          while (next < TOTAL && next - acked.size < 200) {
            const id = ids[next++] ?? '';
            publisher.publish(
              'reeflow/v1/sep-b/sensor',
              JSON.stringify(sensor(id, next, NOW - 3_600_000 + next)),
              { qos: 1 },
              (error) => {
                if (!error) acked.add(id);
                if (acked.size === TOTAL) done();
                else setImmediate(pump);
              },
            );
          }
        };
        pump();
      });
      let terminated = 0;
      for (let round = 1; round <= TERMINATIONS; round += 1) {
        while (acked.size < (round * TOTAL) / (TERMINATIONS + 1))
          await new Promise((done) => setTimeout(done, 5));
        terminated += await terminateBackends(admin, applicationName);
      }
      await publishAll;
      expect(terminated).toBeGreaterThanOrEqual(TERMINATIONS);
      expect((await store.telemetry.has(ids)).size).toBe(TOTAL);
      expect((await store.telemetry.count()) - before).toBe(TOTAL);
    } finally {
      await publisher.endAsync(true);
      await admin.end();
      await broker.close();
      await operate.drain();
      await store.close();
    }
  }, 120_000);
});
