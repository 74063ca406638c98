// npm run bench: every benchmark in one run (planner, then solver), so ratios are measured side by side.
import { spawnSync } from 'node:child_process';

for (const [script, args] of [
  ['bench/plan.bench.ts', []],
  ['bench/solver.bench.ts', ['1e3,1e4,1e5']],
] as const) {
  console.log(`\n== ${script} ${args.join(' ')}`);
  const run = spawnSync('npx', ['tsx', script, ...args], { stdio: 'inherit' });
  if (run.status !== 0) process.exitCode = run.status ?? 1;
}
