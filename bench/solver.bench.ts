// Transportation LPs of growing size: time to build the problem, HiGHS WASM vs native cbc on the
// same model, and peak memory. Run: `npx tsx bench/solver.bench.ts 1e3,1e4` (add 1e5 sparingly).
import { performance } from 'node:perf_hooks';
import {
  createHighsWasmSolver,
  createNativeSolver,
  createProblemBuilder,
  findNativeSolvers,
  type Problem,
} from '../src/solver/index.js';
import { createRandom } from '../src/random.js';

/** A seeded transportation LP: ship from S sources (supply ≤) to D sinks (demand ≥) at pseudo-random costs. */
function transportation(columns: number): Problem {
  const sources = Math.max(2, Math.round(Math.sqrt(columns / 1.6)));
  const sinks = Math.max(2, Math.round(columns / sources));
  const generator = createRandom(42);
  const random = (): number => generator.next();
  const b = createProblemBuilder({ name: `transport-${sources}x${sinks}` });
  const flow: number[][] = [];
  for (let s = 0; s < sources; s += 1) {
    flow.push(
      Array.from({ length: sinks }, (_, d) =>
        b.addColumn(`flow[s${s},d${d}]`, { cost: 1 + Math.floor(random() * 100) }),
      ),
    );
  }
  const demand = Array.from({ length: sinks }, () => 10 + Math.floor(random() * 90));
  const total = demand.reduce((sum, v) => sum + v, 0);
  for (let s = 0; s < sources; s += 1) {
    b.addRow(
      `supply[s${s}]`,
      (flow[s] ?? []).map((column) => [column, 1] as const),
      { upper: Math.ceil((1.2 * total) / sources) },
    );
  }
  for (let d = 0; d < sinks; d += 1) {
    b.addRow(
      `demand[d${d}]`,
      flow.map((row) => [row[d] ?? 0, 1] as const),
      { lower: demand[d] ?? 0 },
    );
  }
  return b.build();
}

const sizes = (process.argv[2] ?? '1e3,1e4').split(',').map(Number);
const highs = createHighsWasmSolver();
const cbc = findNativeSolvers(process.env.PATH ?? '').includes('cbc')
  ? createNativeSolver('cbc', { path: process.env.PATH ?? '' })
  : undefined;
const mib = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(0)} MiB`;

console.log('columns  rows  build_s  highs_s  cbc_s  highs/cbc  objective(highs)  objective(cbc)  peak_rss');
for (const size of sizes) {
  let started = performance.now();
  const problem = transportation(size);
  const buildSeconds = (performance.now() - started) / 1000;
  started = performance.now();
  const wasm = await highs.solve(problem);
  const highsSeconds = (performance.now() - started) / 1000;
  started = performance.now();
  const native = cbc === undefined ? undefined : await cbc.solve(problem);
  const cbcSeconds = (performance.now() - started) / 1000;
  const ratio = native === undefined ? 'n/a' : (highsSeconds / cbcSeconds).toFixed(2);
  console.log(
    [
      problem.columns.cost.length,
      problem.rows.lower.length,
      buildSeconds.toFixed(3),
      highsSeconds.toFixed(3),
      native === undefined ? 'n/a' : cbcSeconds.toFixed(3),
      ratio,
      `${wasm.status} ${wasm.objective ?? ''}`,
      native === undefined ? 'n/a' : `${native.status} ${native.objective ?? ''}`,
      mib(process.resourceUsage().maxRSS * 1024),
    ].join('  '),
  );
}
await highs.dispose();
