/**
 * A long fuzz run against `reeflow serve` (the same harness and bounds as tests/server/fuzz.test.ts,
 * more cases): `npm run fuzz -- --cases 100000 --seed 7 --model data/two-base`.
 * Prints the tally (cases and answers by family, the slowest answers), the bounds and the verdict;
 * exits 1 when a property fails or a bound is broken.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import fc from 'fast-check';
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
} from './fuzz/harness.js';
import { throwCompact } from './fuzz/report.js';

const ROOT = resolve(import.meta.dirname, '..');
const { values } = parseArgs({
  options: {
    cases: { type: 'string', default: '100000' },
    seed: { type: 'string', default: String(Date.now() % 1_000_000) },
    model: { type: 'string', default: 'data/two-base' },
  },
});
const total = Number(values.cases);
const seed = Number(values.seed);
if (!Number.isInteger(total) || total < 5 || !Number.isInteger(seed)) {
  process.stderr.write(
    'usage: npm run fuzz -- [--cases N (at least 5)] [--seed N] [--model data/two-base]\n',
  );
  process.exit(2);
}

const dataDir = mkdtempSync(join(tmpdir(), 'reeflow-fuzz-'));
const server = await startFuzzServer({ root: ROOT, dataDir, model: resolve(ROOT, values.model) });
const readyStalls = await waitUntilReady(server);
const context: FuzzContext = {
  server,
  tally: createTally(),
  runId: `s${seed}`,
  now: Date.now(),
  readyStalls,
};
const probe = startHealthProbe(server);
const clients = await connectMqttClients(server, context.runId);
const cases = splitCases(total);
process.stdout.write(`fuzzing ${values.model} with ${total} cases, seed ${seed}: ${JSON.stringify(cases)}\n`);
const started = performance.now();
let failure: string | undefined;
const families = [
  ['telemetry', telemetryProperty(context)],
  ['mqtt', mqttProperty(context, clients)],
  ['models', modelProperty(context)],
  ['headers', headerProperty(context)],
  ['query', queryProperty(context)],
] as const;
for (const [index, [family, property]] of families.entries()) {
  const familyStarted = performance.now();
  try {
    await fc.assert(property as fc.IAsyncProperty<[unknown]>, {
      numRuns: cases[family],
      seed: seed + index + 1,
      endOnFailure: true,
      asyncReporter: async (details) => throwCompact(details),
    });
  } catch (error) {
    failure = `${family}: ${error instanceof Error ? error.message : String(error)}`;
    break;
  }
  process.stdout.write(
    `  ${family}: ${cases[family]} cases in ${((performance.now() - familyStarted) / 1000).toFixed(1)} s\n`,
  );
}
const verdict = await verifyRun(context, await probe.stop());
await clients.close();
await server.stop();
rmSync(dataDir, { recursive: true, force: true });

const seconds = (performance.now() - started) / 1000;
const sent = Object.values(context.tally.cases).reduce((a, b) => a + b, 0);
process.stdout.write(
  [
    `${sent} cases in ${seconds.toFixed(1)} s (${(sent / seconds).toFixed(0)}/s)`,
    `cases by family: ${JSON.stringify(context.tally.cases)}`,
    `answers by status (MQTT: by case type): ${JSON.stringify(context.tally.statuses)}`,
    `slowest answer by family, ms: ${JSON.stringify(Object.fromEntries(Object.entries(context.tally.slowest).map(([k, v]) => [k, Math.round(v)])))}`,
    `/healthz: ${verdict.probe.probes} probes, slowest ${verdict.probe.maxMs.toFixed(1)} ms (bound ${FUZZ_BOUNDS.healthzMs} ms), ${verdict.probe.failures.length} failures`,
    `server event loop: ${verdict.eventLoopStalls} ticks later than ${FUZZ_BOUNDS.healthzMs} ms during the run (longest delay since start, start-up included: ${verdict.eventLoopMaxMs?.toFixed(1) ?? 'not exposed'} ms); uncaught errors: ${verdict.uncaught ?? 'not exposed'}; peak RSS ${verdict.peakRssMiB.toFixed(0)} MiB (bound ${FUZZ_BOUNDS.peakRssMiB} MiB)`,
    `good events: ${context.tally.goodSent} sent, ${context.tally.goodAcknowledged.size} acknowledged, ${verdict.stored} stored`,
    failure === undefined && verdict.problems.length === 0
      ? 'verdict: nothing found'
      : `verdict: FAILED\n${[failure, ...verdict.problems].filter((p) => p !== undefined).join('\n')}`,
    '',
  ].join('\n'),
);
process.exitCode = failure === undefined && verdict.problems.length === 0 ? 0 : 1;
