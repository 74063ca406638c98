// Monitor analytics benchmark: all eight Nelson rules over 1,000,000 points (target > 10 million points/s),
// and streaming anomaly scoring of 1,000 tags × 10,000 points. Seeded data; run: npm run bench:monitor
import { performance } from 'node:perf_hooks';
import { createAnomalyScorer } from '../src/monitor/maintenance/index.js';
import { createRandom } from '../src/random.js';
import { evaluateRules, NELSON_RULES, ruleFlags } from '../src/monitor/spc/index.js';

const random = createRandom(42);
const gauss = (): number =>
  Math.sqrt(-2 * Math.log(1 - random.next())) * Math.cos(2 * Math.PI * random.next());

const N = 1_000_000;
const z = new Float64Array(N);
for (let i = 0; i < N; i++) z[i] = gauss();
for (let warm = 0; warm < 3; warm++) ruleFlags(z, NELSON_RULES);
const runs = 10;
let started = performance.now();
for (let r = 0; r < runs; r++) ruleFlags(z, NELSON_RULES);
const kernelSeconds = (performance.now() - started) / 1000 / runs;
started = performance.now();
const violations = evaluateRules(z, NELSON_RULES);
const listSeconds = (performance.now() - started) / 1000;
console.log(
  `Nelson rules 1-8, ${N.toLocaleString('en-US')} points: kernel ${(kernelSeconds * 1000).toFixed(1)} ms = ${(N / kernelSeconds / 1e6).toFixed(1)} M points/s; with violation lists (${violations.length.toLocaleString('en-US')}) ${(listSeconds * 1000).toFixed(1)} ms = ${(N / listSeconds / 1e6).toFixed(1)} M points/s`,
);

const TAGS = 1000;
const POINTS = 10_000;
const series = new Float64Array(POINTS);
for (let i = 0; i < POINTS; i++) series[i] = 50 + 5 * Math.sin((2 * Math.PI * i) / 288) + gauss();
started = performance.now();
let flagged = 0;
for (let tag = 0; tag < TAGS; tag++) {
  const scorer = createAnomalyScorer({ warmup: 288, season: { period: 86_400_000, bins: 24 } });
  for (let i = 0; i < POINTS; i++)
    if (scorer.update(i * 300_000, (series[i] as number) + tag * 0.001).flagged) flagged++;
}
const anomalySeconds = (performance.now() - started) / 1000;
console.log(
  `anomaly scoring (robust + EWMA + daily cycle), ${TAGS} tags × ${POINTS.toLocaleString('en-US')} points: ${anomalySeconds.toFixed(2)} s = ${((TAGS * POINTS) / anomalySeconds / 1e6).toFixed(2)} M points/s (${flagged} alerts)`,
);
