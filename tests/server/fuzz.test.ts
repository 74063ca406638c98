/**
 * The fuzz suite (issue 13): 10,000 seeded hostile inputs against a running `reeflow serve` over
 * HTTP and MQTT, then the bounds every run must keep (scripts/fuzz/harness.ts): no exit, no 5xx,
 * no stack trace, coded 4xx, /healthz and the event loop under 250 ms throughout, the guard never
 * reached, peak memory under its bound, every acknowledged good event stored exactly once.
 *
 * Seeded: REEFLOW_FUZZ_SEED replays a run; a failure prints its seed and the input. Failures are
 * not shrunk (endOnFailure): a case that kills the server would make every shrinking step fail.
 * A longer run is `npm run fuzz -- --cases 100000`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { throwCompact } from '../../scripts/fuzz/report.js';
import {
  connectMqttClients,
  createTally,
  FUZZ_BOUNDS,
  headerProperty,
  modelProperty,
  mqttProperty,
  queryProperty,
  splitCases,
  startFuzzServer,
  startHealthProbe,
  telemetryProperty,
  verifyRun,
  waitUntilReady,
  type FuzzContext,
  type MqttClients,
} from '../../scripts/fuzz/harness.js';

const ROOT = resolve(import.meta.dirname, '../..');
const SEED = Number(process.env['REEFLOW_FUZZ_SEED'] ?? 20261207);
/** 10,000 in `npm test`; REEFLOW_FUZZ_CASES changes it while debugging. */
const TOTAL = Number(process.env['REEFLOW_FUZZ_CASES'] ?? 10_000);
const CASES = splitCases(TOTAL);
const dataDir = mkdtempSync(join(tmpdir(), 'reeflow-fuzz-'));

let context: FuzzContext;
let clients: MqttClients;
let probe: ReturnType<typeof startHealthProbe>;

beforeAll(async () => {
  const server = await startFuzzServer({ root: ROOT, dataDir, model: join(ROOT, 'data/two-base') });
  const readyStalls = await waitUntilReady(server);
  context = { server, tally: createTally(), runId: `s${SEED}`, now: Date.now(), readyStalls };
  probe = startHealthProbe(server);
  clients = await connectMqttClients(server, context.runId);
}, 120_000);

afterAll(async () => {
  await clients?.close();
  await context?.server.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const run = <T>(property: fc.IAsyncProperty<[T]>, numRuns: number, offset: number) =>
  fc.assert(property, {
    numRuns,
    seed: SEED + offset,
    endOnFailure: true,
    asyncReporter: async (details) => throwCompact(details),
  });

describe('fuzz: no input crashes, freezes or corrupts the server', () => {
  it(`HTTP telemetry bodies (${CASES.telemetry} cases)`, async () => {
    await run(telemetryProperty(context), CASES.telemetry, 1);
  }, 120_000);

  it(`MQTT publishes and raw MQTT bytes (${CASES.mqtt} cases)`, async () => {
    await run(mqttProperty(context, clients), CASES.mqtt, 2);
  }, 120_000);

  it(`model upload and validate bodies, YAML and JSON (${CASES.models} cases)`, async () => {
    await run(modelProperty(context), CASES.models, 3);
  }, 120_000);

  it(`headers and cookies on every route (${CASES.headers} cases)`, async () => {
    await run(headerProperty(context), CASES.headers, 4);
  }, 120_000);

  it(`query strings and methods on every route (${CASES.query} cases)`, async () => {
    await run(queryProperty(context), CASES.query, 5);
  }, 120_000);

  it(`afterwards: alive, /healthz and event loop under ${FUZZ_BOUNDS.healthzMs} ms, guard never reached, memory under ${FUZZ_BOUNDS.peakRssMiB} MiB, acknowledged events stored once`, async () => {
    const stats = await probe.stop();
    const verdict = await verifyRun(context, stats);
    const total = Object.values(context.tally.cases).reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThanOrEqual(TOTAL);
    expect(stats.probes).toBeGreaterThan(10);
    // Good events went in on both paths and were acknowledged; the check below is not vacuous.
    expect(context.tally.goodAcknowledged.size).toBeGreaterThan(TOTAL / 20);
    expect(verdict.stored).toBeGreaterThanOrEqual(context.tally.goodAcknowledged.size);
    expect(verdict.problems).toEqual([]);
  }, 60_000);
});
