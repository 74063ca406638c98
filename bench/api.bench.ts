// API benchmark: starts `reeflow serve` in a child process on a free port, plans a model once,
// then loads the main read routes from this process with autocannon over loopback: first flat out,
// then at a fixed 1,000 requests/s (the issue's target: p99 under 50 ms for cached reads).
// Run: npm run bench:api [-- --model world --duration 10 --connections 10]
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

/** The part of autocannon's API used here (the package ships no types). */
interface LoadResult {
  requests: { average: number };
  latency: { p50: number; p90: number; p99: number; max: number };
  throughput: { average: number };
  non2xx: number;
  errors: number;
}
const autocannon = createRequire(import.meta.url)('autocannon') as (options: {
  url: string;
  connections: number;
  duration: number;
  overallRate?: number;
  headers?: Record<string, string>;
}) => Promise<LoadResult>;

const arg = (name: string, fallback: string): string => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
};
const model = arg('model', 'world');
const duration = Number(arg('duration', '10'));
const connections = Number(arg('connections', '10'));

const bin = fileURLToPath(new URL('../bin/reeflow.js', import.meta.url));
const child = spawn(
  process.execPath,
  [bin, 'serve', '--port', '0', '--rate-limit', '0', '--log-level', 'warn', '--no-auth'],
  { stdio: ['ignore', 'pipe', 'inherit'] },
);
const url = await new Promise<string>((resolve, reject) => {
  let text = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    text += chunk;
    const match = /reeflow serving on (http:\/\/\S+)/.exec(text);
    if (match?.[1]) resolve(match[1]);
  });
  child.once('exit', (code) =>
    reject(new Error(`reeflow serve exited with ${String(code)} before listening`)),
  );
});

try {
  const started = await fetch(`${url}/v1/plans`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model }),
  });
  const { id } = (await started.json()) as { id: string };
  let status = 'queued';
  const planStart = performance.now();
  while (status === 'queued' || status === 'running') {
    await new Promise((resolve) => setTimeout(resolve, 200));
    status = ((await (await fetch(`${url}/v1/plans/${id}`)).json()) as { status: string }).status;
  }
  const planBytes = (await (await fetch(`${url}/v1/plans/${id}`)).arrayBuffer()).byteLength;
  console.log(
    `server ${url}; plan of '${model}' ${status} in ${((performance.now() - planStart) / 1000).toFixed(1)} s; its JSON is ${(planBytes / 1024).toFixed(0)} KiB`,
  );
  console.log(`autocannon from a separate process, ${connections} connections, ${duration} s per run\n`);
  console.log('route                     load        req/s    p50_ms  p90_ms  p99_ms  max_ms  non2xx  MB/s');
  const gzip = { 'accept-encoding': 'gzip' };
  const routes: [string, string, Record<string, string>][] = [
    ['GET /v1/models', '/v1/models', {}],
    [`GET /v1/models/${model}`, `/v1/models/${model}`, {}],
    ['GET /v1/plans/:id (gzip)', `/v1/plans/${id}`, gzip],
    ['GET /v1/plans/:id', `/v1/plans/${id}`, {}],
    ['GET /healthz', '/healthz', {}],
  ];
  for (const [label, path, headers] of routes) {
    for (const rate of [undefined, 1000]) {
      if (rate !== undefined && label === 'GET /healthz') continue;
      const result = await autocannon({
        url: `${url}${path}`,
        connections,
        duration,
        headers,
        ...(rate === undefined ? {} : { overallRate: rate }),
      });
      const l = result.latency;
      console.log(
        `${label.padEnd(26)}${(rate === undefined ? 'max' : `${rate}/s`).padEnd(10)}${result.requests.average.toFixed(0).padStart(7)}  ${String(l.p50).padStart(7)} ${String(l.p90).padStart(7)} ${String(l.p99).padStart(7)} ${String(l.max).padStart(7)} ${String(result.non2xx + result.errors).padStart(7)}  ${(result.throughput.average / 1e6).toFixed(1).padStart(5)}`,
      );
    }
  }
} finally {
  child.kill('SIGTERM');
  await once(child, 'exit');
}
