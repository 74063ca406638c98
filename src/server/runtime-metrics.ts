/**
 * Process health on /metrics: how long the event loop was blocked (Node's `monitorEventLoopDelay`)
 * and how much memory the process holds. A blocked event loop is what a hostile upload or a slow
 * handler does to every other client, /healthz included; the fuzz suite reads the maximum here.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { MetricsRegistry } from './metrics.js';

/** Sampling resolution of the event-loop delay monitor, ms. */
const RESOLUTION_MS = 10;

/**
 * Wraps a registry so that each render first reads the event-loop delay and memory gauges:
 * `reeflow_event_loop_delay_max_seconds` and `…_p99_seconds` (since the process started, beyond the
 * sampling resolution), `process_resident_memory_bytes` and `nodejs_heap_used_bytes`.
 * `close` stops the monitor.
 *
 * @example const metrics = withRuntimeMetrics(createMetrics()); metrics.render(); metrics.close();
 */
export function withRuntimeMetrics(metrics: MetricsRegistry): MetricsRegistry & { close(): void } {
  const delay = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  delay.enable();
  const max = metrics.gauge('reeflow_event_loop_delay_max_seconds', 'longest event-loop delay since the process started, in seconds');
  const p99 = metrics.gauge('reeflow_event_loop_delay_p99_seconds', '99th percentile of event-loop delay since the process started, in seconds');
  const rss = metrics.gauge('process_resident_memory_bytes', 'resident memory of the server process, in bytes');
  const heap = metrics.gauge('nodejs_heap_used_bytes', 'V8 heap in use, in bytes');
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
    close: () => delay.disable(),
  };
}
