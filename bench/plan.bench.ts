// Planner benchmark: generated networks of about 1e3, 1e4, 1e5 (and with --big 1e6) variables.
// Prints model build, solve and result assembly times (wall clock, and CPU time of the main thread
// for build and assembly and of the process for the solve, which a loaded machine disturbs less)
// and peak memory; where cbc is on PATH it
// solves the same exported MPS in the same run and prints the ratio. Run: npm run bench:plan
import { existsSync, readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { checkModel, loadModel } from '../src/model/index.js';
import { assemblePlanResult, buildProblem, plan } from '../src/plan/index.js';
import { createSolver, findNativeSolvers } from '../src/solver/index.js';
import { generateNetwork } from './generate-network.js';

const SIZES: [string, number][] = [
  ['1e3', 3],
  ['1e4', 10],
  ['1e5', 34],
];
if (process.argv.includes('--big')) SIZES.push(['1e6', 110]);
const only = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length);
// --method=simplex|ipm|auto compares HiGHS's LP algorithms on the same networks (default auto).
const methodArg = process.argv.find((a) => a.startsWith('--method='))?.slice('--method='.length) ?? 'auto';
if (methodArg !== 'auto' && methodArg !== 'simplex' && methodArg !== 'ipm')
  throw new Error(`--method expects auto, simplex or ipm; got '${methodArg}'`);
const method: 'auto' | 'simplex' | 'ipm' = methodArg;

const mib = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(0)}`;
const highs = createSolver('highs');
const cbc = findNativeSolvers(process.env['PATH'] ?? '').includes('cbc')
  ? createSolver('cbc', { path: process.env['PATH'] ?? '' })
  : undefined;

// Start the HiGHS worker before timing, so solve times compare solver work, not thread start-up.
{
  const started = performance.now();
  await plan(generateNetwork(1, 1), { solver: highs });
  console.log(
    `HiGHS worker start-up and first tiny solve: ${((performance.now() - started) / 1000).toFixed(2)} s (excluded below)`,
  );
}
console.log(
  'size  n   columns   rows      build_s  solve_s  assign_s  build+assign/solve  build_cpu_s  assign_cpu_s  solve_cpu_s  cpu_ratio  cbc_s   highs/cbc  objective        peak_rss_MiB',
);
// CPU seconds of the main thread, where build and assembly run, from Linux's schedstat (ns); elsewhere
// the whole process's. Process-wide CPU would charge V8's background GC and compiler threads, which
// keep working on the build's garbage during the solve, to whichever phase they overlap.
const schedstat = `/proc/self/task/${process.pid}/schedstat`;
const mainThreadCpu = existsSync(schedstat)
  ? (): number => Number(readFileSync(schedstat, 'utf8').split(' ')[0]) / 1e9
  : (): number => {
      const used = process.cpuUsage();
      return (used.user + used.system) / 1e6;
    };
/** CPU seconds of the whole process (all threads: the HiGHS worker's during a solve). */
const processCpu = (): number => {
  const used = process.cpuUsage();
  return (used.user + used.system) / 1e6;
};
for (const [label, n] of SIZES) {
  if (only && only !== label) continue;
  const model = generateNetwork(n);
  // The phases of plan(), each timed here: build, solve, assemble the result.
  let started = performance.now();
  let cpu = mainThreadCpu();
  const built = buildProblem(model);
  const buildSeconds = (performance.now() - started) / 1000;
  const buildCpu = mainThreadCpu() - cpu;
  started = performance.now();
  cpu = processCpu();
  const solved = await highs.solve(built.problem, { method });
  const solveSeconds = (performance.now() - started) / 1000;
  const solveCpu = processCpu() - cpu;
  started = performance.now();
  cpu = mainThreadCpu();
  const result = assemblePlanResult(model, built, solved, { objective: { kind: 'cost' } });
  const assignSeconds = (performance.now() - started) / 1000;
  const assignCpu = mainThreadCpu() - cpu;
  let cbcSeconds = NaN;
  if (cbc) {
    const { problem } = buildProblem(model);
    const cbcStarted = performance.now();
    const solution = await cbc.solve(problem);
    cbcSeconds = (performance.now() - cbcStarted) / 1000;
    if (
      solution.objective !== undefined &&
      result.objective.value !== undefined &&
      Math.abs(solution.objective - result.objective.value) > 1e-6 * Math.abs(result.objective.value)
    ) {
      console.log(`  ! objectives differ: highs ${result.objective.value} cbc ${solution.objective}`);
    }
  }
  const s = result.stats;
  console.log(
    [
      label.padEnd(4),
      String(n).padEnd(3),
      String(s.columns).padEnd(9),
      String(s.rows).padEnd(9),
      buildSeconds.toFixed(3).padEnd(8),
      solveSeconds.toFixed(3).padEnd(8),
      assignSeconds.toFixed(3).padEnd(9),
      ((buildSeconds + assignSeconds) / solveSeconds).toFixed(3).padEnd(19),
      buildCpu.toFixed(3).padEnd(12),
      assignCpu.toFixed(3).padEnd(13),
      solveCpu.toFixed(3).padEnd(12),
      ((buildCpu + assignCpu) / solveCpu).toFixed(3).padEnd(10),
      cbcSeconds.toFixed(3).padEnd(7),
      (solveSeconds / cbcSeconds).toFixed(2).padEnd(10),
      (result.objective.value ?? NaN).toExponential(6).padEnd(16),
      mib(process.resourceUsage().maxRSS * 1024),
    ].join(' '),
  );
}
// The bundled world model, 12 monthly periods, end to end as `reeflow plan` does it: load, check, plan.
if (!only || only === 'world') {
  const started = performance.now();
  const solver = createSolver('highs', { eager: true });
  const loaded = await loadModel('data/world');
  if (!loaded.model) throw new Error('data/world did not load');
  checkModel(loaded.model);
  const result = await plan(loaded.model, { solver });
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `\nworld (12 months): load+check+plan ${seconds.toFixed(2)} s end to end; ${result.stats.columns} columns, solve ${result.stats.solveSeconds.toFixed(2)} s, status ${result.status} (target < 5 s)`,
  );
  await solver.dispose();
}
await highs.dispose();
await cbc?.dispose();
