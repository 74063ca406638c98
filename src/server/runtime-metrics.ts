/**
 * Process health on /metrics: how long the event loop was blocked (Node's `monitorEventLoopDelay`)
 * and how much memory the process holds. A blocked event loop is what a hostile upload or a slow
 * handler does to every other client, /healthz included; the fuzz suite reads the maximum here.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { MetricsRegistry } from './metrics.js';

/** Sampling resolution of the event-loop delay monitor, ms. */
const RESOLUTION_MS = 10;
/** Period of the lag sampler that feeds the histogram, ms. */
const SAMPLE_MS = 20;
/** Buckets of the event-loop delay histogram, seconds: a stall past 250 ms is one a client feels. */
export const EVENT_LOOP_BUCKETS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] as const;

/**
 * Wraps a registry so that each render first reads the event-loop delay and memory gauges:
 * `reeflow_event_loop_delay_max_seconds` and `…_p99_seconds` (since the process started, beyond the
 * sampling resolution), `process_resident_memory_bytes` and `nodejs_heap_used_bytes`; and adds the
 * histogram `reeflow_event_loop_delay_seconds`, one observation per 20 ms sampling tick (how late
 * the tick ran), so the stalls of any window are the difference of two scrapes (start-up, which
 * blocks while modules and the default model load, then does not hide later ones).
 * `close` stops the monitor and the sampler.
 *
 * @example const metrics = withRuntimeMetrics(createMetrics()); metrics.render(); metrics.close();
 */
export function withRuntimeMetrics(metrics: MetricsRegistry): MetricsRegistry & { close(): void } {
  const delay = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  delay.enable();
  const max = metrics.gauge(
    'reeflow_event_loop_delay_max_seconds',
    'longest event-loop delay since the process started, in seconds',
  );
  const p99 = metrics.gauge(
    'reeflow_event_loop_delay_p99_seconds',
    '99th percentile of event-loop delay since the process started, in seconds',
  );
  const rss = metrics.gauge(
    'process_resident_memory_bytes',
    'resident memory of the server process, in bytes',
  );
  const heap = metrics.gauge('nodejs_heap_used_bytes', 'V8 heap in use, in bytes');
  const lag = metrics.histogram(
    'reeflow_event_loop_delay_seconds',
    `how late each ${SAMPLE_MS} ms event-loop tick ran, in seconds`,
    EVENT_LOOP_BUCKETS,
  );
  let last = performance.now();
  const sampler = setInterval(() => {
    const now = performance.now();
    lag.observe(Math.max(0, now - last - SAMPLE_MS) / 1000);
    last = now;
  }, SAMPLE_MS);
  sampler.unref();
  const collect = (): void => {
    // The histogram is in nanoseconds and is empty (max 0) until the first sample.
    max.set(delay.max / 1e9);
    p99.set(delay.count === 0 ? 0 : delay.percentile(99) / 1e9);
    const memory = process.memoryUsage();
    rss.set(memory.rss);
    heap.set(memory.heapUsed);
  };
  return {
    ...metrics,
    render: () => {
      collect();
      return metrics.render();
    },
    close: () => {
      delay.disable();
      clearInterval(sampler);
    },
  };
}
