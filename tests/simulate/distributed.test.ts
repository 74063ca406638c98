import pg from 'pg';
import PgBoss from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSimulator, runMonteCarlo, summarizeRuns } from '../../src/simulate/index.js';
import {
  runDistributed,
  SIMULATION_QUEUE,
  startQueueWorker,
  type QueueWorker,
} from '../../src/cli/sim-queue.js';
import { chainModel } from './helpers.js';

const DATABASE = 'postgres://postgres@127.0.0.1:5432/test';
const schema = `reeflow_sim_${process.pid}_${Math.floor(performance.timeOrigin)}`;

async function reachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: DATABASE, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}

const available = await reachable();
if (!available && process.env['REEFLOW_REQUIRE_SERVICES'] === '1')
  throw new Error(`PostgreSQL is required at ${DATABASE} but unreachable`);

describe.skipIf(!available)('distributed Monte Carlo on PostgreSQL (pg-boss)', () => {
  const licence = {
    id: 'lic',
    kind: 'export-control',
    from: 'CN',
    elements: ['Dy'],
    mode: 'license',
    licenseDelay: '30d',
    approvalProbability: 0.7,
  };
  const setup = { model: chainModel({ policies: [licence] }), options: { days: 120, outages: { rate: 3 } } };
  const config = { database: DATABASE, schema, maintenanceIntervalSeconds: 1 };
  const buckets = createSimulator(setup.model, setup.options).net;
  const workers: QueueWorker[] = [];

  beforeAll(async () => {
    workers.push(await startQueueWorker(config), await startQueueWorker(config));
  }, 60_000);
  afterAll(async () => {
    await Promise.all(workers.map((w) => w.stop()));
    const client = new pg.Client({ connectionString: DATABASE });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await client.end();
  }, 60_000);

  it('two workers give numbers identical to the local run with the same seed', async () => {
    const local = await runMonteCarlo(setup, { runs: 20, seed: 42 });
    const summaries = await runDistributed(config, setup, {
      runs: 20,
      seed: 42,
      batchSize: 3,
      timeoutSeconds: 120,
    });
    const remote = summarizeRuns(setup.model, summaries, {
      seed: 42,
      days: 120,
      allocation: 'pro-rata',
      version: local.version,
      buckets,
    });
    expect(remote).toEqual(local);
    expect(workers.every((w) => w.done > 0)).toBe(true);
  }, 120_000);

  it('a batch taken by a worker that dies is retried and no run is lost', async () => {
    // A "worker" that takes one batch and vanishes without completing it.
    const dying = new PgBoss({ connectionString: DATABASE, schema, supervise: false, schedule: false });
    await dying.start();
    const pending = runDistributed(config, setup, {
      runs: 6,
      seed: 9,
      batchSize: 2,
      batchTimeoutSeconds: 2,
      timeoutSeconds: 120,
    });
    let taken = 0;
    for (let i = 0; i < 50 && taken === 0; i++) {
      taken = ((await dying.fetch(SIMULATION_QUEUE)) ?? []).length;
      if (taken === 0) await new Promise((r) => setTimeout(r, 50));
    }
    await dying.stop({ graceful: false, wait: true });
    const summaries = await pending;
    expect(summaries.map((s) => s.run)).toEqual([0, 1, 2, 3, 4, 5]);
    const local = await runMonteCarlo(setup, { runs: 6, seed: 9 });
    expect(
      summarizeRuns(setup.model, summaries, {
        seed: 9,
        days: 120,
        allocation: 'pro-rata',
        version: local.version,
        buckets,
      }),
    ).toEqual(local);
  }, 120_000);
});

describe('a database that is down', () => {
  it('is a coded error, not a hang: refused connection', async () => {
    const started = performance.now();
    await expect(
      runDistributed(
        { database: 'postgres://postgres@127.0.0.1:1/test', connectTimeoutSeconds: 3 },
        { model: chainModel(), options: {} },
        { runs: 2, seed: 1 },
      ),
    ).rejects.toMatchObject({ code: 'SIM_QUEUE_UNREACHABLE' });
    expect(performance.now() - started).toBeLessThan(10_000);
  }, 20_000);

  it('is a coded error, not a hang: a host that never answers', async () => {
    const started = performance.now();
    await expect(
      startQueueWorker({ database: 'postgres://postgres@10.255.255.1:5432/test', connectTimeoutSeconds: 1 }),
    ).rejects.toMatchObject({ code: 'SIM_QUEUE_UNREACHABLE' });
    expect(performance.now() - started).toBeLessThan(10_000);
  }, 20_000);
});
