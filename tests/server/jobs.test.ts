import { describe, expect, it } from 'vitest';
import { SolverError } from '../../src/solver/index.js';
import { createJobRunner, type JobEvent } from '../../src/server/jobs.js';
import { createRateLimiter } from '../../src/server/rate-limit.js';
import { createMetrics } from '../../src/server/metrics.js';

const clock = (): number => Date.UTC(2026, 0, 1);

/** A promise and its resolver. */
function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve: (value: T) => void = () => undefined;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe('createJobRunner', () => {
  it('runs one job at a time, in order, and reports progress and status to subscribers', async () => {
    const jobs = createJobRunner({ clock });
    const gate = deferred<number>();
    const first = jobs.submit('t', 'a', async ({ progress }) => {
      progress('half', '50%');
      return gate.promise;
    });
    const second = jobs.submit('t', 'b', async () => 2);
    const events: JobEvent[] = [];
    jobs.subscribe(first.id, (e) => events.push(e));
    await new Promise((r) => setTimeout(r, 10));
    expect([first.status, second.status]).toEqual(['running', 'queued']);
    gate.resolve(1);
    await jobs.idle();
    expect([first.status, first.result, second.status, second.result]).toEqual([
      'succeeded',
      1,
      'succeeded',
      2,
    ]);
    expect(first.progress).toEqual([{ phase: 'half', detail: '50%', at: '2026-01-01T00:00:00.000Z' }]);
    expect(events).toEqual([
      { type: 'status', status: 'running' },
      { type: 'progress', progress: { phase: 'half', detail: '50%', at: '2026-01-01T00:00:00.000Z' } },
      { type: 'status', status: 'succeeded' },
    ]);
    expect(jobs.list().map((j) => j.input)).toEqual(['b', 'a']);
  });

  it('cancels a running job through its abort signal', async () => {
    const jobs = createJobRunner({ clock });
    const job = jobs.submit(
      't',
      null,
      ({ signal }) =>
        new Promise((_resolve, reject) =>
          signal.addEventListener('abort', () => reject(new Error('aborted'))),
        ),
    );
    await new Promise((r) => setTimeout(r, 10));
    expect(job.status).toBe('running');
    jobs.cancel(job.id);
    await jobs.idle();
    expect(job.status).toBe('cancelled');
    expect(job.error).toBeUndefined();
  });

  it('records a failure with its code, and keeps only the newest finished jobs', async () => {
    const jobs = createJobRunner({ clock, keep: 2 });
    const failing = jobs.submit('t', 0, () =>
      Promise.reject(new SolverError('SOLVER_UNAVAILABLE', 'no solver')),
    );
    await jobs.idle();
    expect(failing.error).toEqual({ code: 'SOLVER_UNAVAILABLE', message: 'no solver' });
    for (let i = 1; i <= 3; i++) jobs.submit('t', i, async () => i);
    await jobs.idle();
    expect(jobs.list().map((j) => j.input)).toEqual([3, 2]);
  });
});

describe('createRateLimiter', () => {
  it('gives each client its own bucket: burst at once, then perSecond', () => {
    const limiter = createRateLimiter({ perSecond: 10, burst: 2 });
    expect([limiter.take('a', 0), limiter.take('a', 0)]).toEqual([0, 0]);
    expect(limiter.take('a', 0)).toBeCloseTo(0.1, 10); // one token at 10/s: 0.1 s
    expect(limiter.take('b', 0)).toBe(0);
    expect(limiter.take('a', 100)).toBe(0);
  });
});

describe('createMetrics', () => {
  it('renders counters, gauges and cumulative histogram buckets, escaping label values', () => {
    const metrics = createMetrics();
    metrics.counter('x_total', 'xs').inc({ path: 'a"b' }, 2);
    metrics.gauge('q', 'queue').set(3);
    const h = metrics.histogram('d_seconds', 'durations', [0.1, 1]);
    h.observe(0.05);
    h.observe(0.5);
    h.observe(5);
    expect(metrics.render()).toBe(
      [
        '# HELP x_total xs',
        '# TYPE x_total counter',
        'x_total{path="a\\"b"} 2',
        '# HELP q queue',
        '# TYPE q gauge',
        'q 3',
        '# HELP d_seconds durations',
        '# TYPE d_seconds histogram',
        'd_seconds_bucket{le="0.1"} 1',
        'd_seconds_bucket{le="1"} 2',
        'd_seconds_bucket{le="+Inf"} 3',
        'd_seconds_sum 5.55',
        'd_seconds_count 3',
      ].join('\n') + '\n',
    );
    expect(() => metrics.counter('q', 'again')).toThrow("metric 'q' is registered twice");
  });
});
