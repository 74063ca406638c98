/**
 * A database restart mid-ingest, PostgreSQL edition: while clients stream telemetry over HTTP into
 * a PostgreSQL store, every backend connection of the server is terminated (pg_terminate_backend,
 * the server side of a restart) again and again. The shared PostgreSQL service itself is never
 * restarted. Every batch answered 2xx must be stored, exactly once; requests that failed are
 * re-sent afterwards, which works because the store's pool reconnects, and completes the set.
 */
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { createOperateService } from '../../src/monitor/index.js';
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
const batchBody = (batch: number): string => ndjson(Array.from({ length: BATCH }, (_, i) => sensor(`t-${batch}-${i}`, i, NOW - 3_600_000 + batch * BATCH + i)));

describe.skipIf(!reachable)('PostgreSQL backends terminated while ingesting', () => {
  it('keeps every acknowledged event exactly once, and the store reconnects so a re-send completes the set', async () => {
    const applicationName = `reeflow_terminate_${process.pid}`;
    const store = await openPostgresStore({ connectionString: `${POSTGRES_URL}?application_name=${applicationName}`, schema });
    const operate = createOperateService({ store, clock: () => NOW, facilities: FACILITIES });
    const app = createTestApp({ store, operate, clock: () => NOW });
    await app.ready();
    const admin = new pg.Client({ connectionString: POSTGRES_URL });
    await admin.connect();
    try {
      const failures: string[] = [];
      const send = async (batch: number): Promise<boolean> => {
        const response = await app.inject({ method: 'POST', url: '/v1/telemetry', headers: { 'content-type': 'application/x-ndjson' }, payload: batchBody(batch) });
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
        const { rows } = await admin.query<{ ok: boolean }>('SELECT pg_terminate_backend(pid) AS ok FROM pg_stat_activity WHERE application_name = $1 AND pid <> pg_backend_pid()', [applicationName]);
        terminated += rows.filter((r) => r.ok).length;
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
});
