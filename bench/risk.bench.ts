// Risk benchmark: origin tracing (proportional mixing) through the world model's baseline plan,
// 12 monthly periods, every element, then exposure of every consumer region. Target < 1 s.
// Run: npm run bench:risk
import { performance } from 'node:perf_hooks';
import { loadModel } from '../src/model/index.js';
import { plan } from '../src/plan/index.js';
import {
  createRiskNetwork,
  exposure,
  exposurePaths,
  fromPlanResult,
  traceOrigins,
} from '../src/risk/index.js';
import { createSolver } from '../src/solver/index.js';

const { model } = await loadModel('data/world');
if (!model) throw new Error('data/world does not load');
const solver = createSolver('highs');
const result = await plan(model, { solver });
await solver.dispose();

const network = createRiskNetwork(model);
const view = fromPlanResult(result, network);
const consumers = [...new Set(model.demands.map((d) => d.node))];
const runs = 5;
const times: number[] = [];
let rows = 0;
for (let i = 0; i < runs; i++) {
  const started = performance.now();
  const trace = traceOrigins(view, network);
  for (const node of consumers) {
    rows += exposure(trace, network, { consumer: { node } }).values.length;
    rows += exposurePaths(trace, network, { consumer: { node } }).values.length;
  }
  times.push((performance.now() - started) / 1000);
}
times.sort((a, b) => a - b);
const median = times[Math.floor(runs / 2)] ?? NaN;
console.log(
  `world: ${view.periods.length} periods, ${view.shipments.length} shipments, ${view.production.length} outputs, ${consumers.length} consumers, ${rows / runs} exposure rows per run`,
);
console.log(
  `trace + exposure of every consumer: median ${median.toFixed(3)} s over ${runs} runs (min ${times[0]?.toFixed(3)} s, max ${times.at(-1)?.toFixed(3)} s); target < 1 s: ${median < 1 ? 'met' : 'NOT met'}`,
);
