// Simulation benchmark on data/world under the April 2025 controls with random outages, 365 daily
// steps: facility-days per second per core (CPU time, so other load on the machine matters less),
// runs per second in one thread, and the wall time of 1,000 replications on 1 and 2 worker
// threads (target: under 10 s on this 2-core machine). Run: npm run bench:simulate [-- --runs=N]
import { cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
import { applyScenario, loadModel } from '../src/model/index.js';
import { plan } from '../src/plan/index.js';
import { createSolver } from '../src/solver/index.js';
import { createSimulator, runMonteCarlo, toPlanFlows } from '../src/simulate/index.js';

const runs = Number(process.argv.find((a) => a.startsWith('--runs='))?.slice('--runs='.length) ?? 1000);
const loaded = await loadModel('data/world');
if (!loaded.model) throw new Error('data/world does not load');
const solver = createSolver('highs');
const baseline = toPlanFlows(await plan(loaded.model, { solver }));
await solver.dispose();
const model = applyScenario(loaded.model, 'export-control-2025-04').model;
if (!model) throw new Error('scenario does not apply');
const options = { days: 365, outages: { rate: 0.2 } };
const setup = { model, options, plan: baseline };

const sim = createSimulator(model, options, baseline);
for (let i = 0; i < 20; i++) sim.run(i, 999); // warm the JIT
// CPU time per run, median of blocks: on a shared machine wall time swings 2–3× with other load, CPU time far less.
const single = 100;
const blocks = 5;
const perBlock = single / blocks;
const msPerRun: number[] = [];
const wall0 = performance.now();
for (let b = 0; b < blocks; b++) {
  const before = process.cpuUsage();
  for (let i = 0; i < perBlock; i++) sim.run(b * perBlock + i, 1);
  const used = process.cpuUsage(before);
  msPerRun.push((used.user + used.system) / 1000 / perBlock);
}
const wall = (performance.now() - wall0) / 1000;
const cpu = (msPerRun.reduce((a, b) => a + b, 0) * perBlock) / 1000;
const median = [...msPerRun].sort((a, b) => a - b)[Math.floor(blocks / 2)] ?? 0;
const facilities = model.facilities.length;
console.log(
  `data/world, scenario export-control-2025-04, ${facilities} facilities, ${sim.net.processes.length} processes, ${sim.net.lanes.length} lanes, 365 daily steps, outages 0.2/yr per facility`,
);
console.log(
  `${cpus().length} cores; load average ${(await import('node:os'))
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
);
console.log(
  `one thread, ${single} runs: ${(single / wall).toFixed(1)} runs/s wall, ${(single / cpu).toFixed(1)} runs/s per CPU-second; ${((facilities * 365 * single) / cpu / 1e6).toFixed(2)} M facility-days/s per core`,
);
console.log(
  `CPU per run: median ${median.toFixed(2)} ms over ${blocks} blocks of ${perBlock} (${msPerRun.map((m) => m.toFixed(1)).join(' ')}); 1,000 runs ≈ ${median.toFixed(1)} CPU-s, ≈ ${(median / cpus().length).toFixed(1)} s on ${cpus().length} idle cores`,
);
console.log('');
console.log('workers  runs   wall_s  runs/s  target(<10 s for 1000)');
for (const workers of [1, 2]) {
  const started = performance.now();
  const result = await runMonteCarlo(setup, { runs, seed: 42, workers });
  const seconds = (performance.now() - started) / 1000;
  if (result.invariantViolations > 0)
    console.log(`  ! ${result.invariantViolations} runs did not conserve material`);
  console.log(
    `${String(workers).padEnd(8)} ${String(runs).padEnd(6)} ${seconds.toFixed(2).padEnd(7)} ${(runs / seconds).toFixed(1).padEnd(7)} ${workers === 2 ? (seconds * (1000 / runs) < 10 ? 'met' : 'missed') : ''}`,
  );
}
