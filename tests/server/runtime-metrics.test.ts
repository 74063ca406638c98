/** /metrics reports how long the event loop was blocked and the process memory (issue 13). */
import { describe, expect, it } from 'vitest';
import { createMetrics } from '../../src/server/metrics.js';
import { withRuntimeMetrics } from '../../src/server/runtime-metrics.js';
import { metricValue, stallsOver } from '../../scripts/fuzz/harness.js';

/** Resolves after the event loop has turned `n` times through timers (a state, not a duration). */
const turns = async (n: number): Promise<void> => {
  for (let i = 0; i < n; i += 1) await new Promise((done) => setImmediate(done));
};

describe('runtime metrics', () => {
  it('a 300 ms block of the event loop shows as a maximum delay of at least 0.29 s', async () => {
    const metrics = withRuntimeMetrics(createMetrics());
    try {
      // Let the monitor's timer start, then block the loop for 300 ms by the clock, then let it fire.
      await new Promise((done) => setTimeout(done, 30));
      const until = performance.now() + 300;
      while (performance.now() < until) {
        // busy: the monitor's 10 ms timer cannot run
      }
      await new Promise((done) => setTimeout(done, 30));
      await turns(2);
      const text = metrics.render();
      expect(metricValue(text, 'reeflow_event_loop_delay_max_seconds')).toBeGreaterThanOrEqual(0.29);
      expect(metricValue(text, 'reeflow_event_loop_delay_p99_seconds')).toBeGreaterThan(0);
      expect(metricValue(text, 'process_resident_memory_bytes')).toBeGreaterThan(10 * 1024 * 1024);
      expect(metricValue(text, 'nodejs_heap_used_bytes')).toBeGreaterThan(0);
      // The histogram saw the stall as one tick later than 250 ms.
      expect(metricValue(text, 'reeflow_event_loop_delay_seconds_count')).toBeGreaterThan(0);
      expect(stallsOver(text, 0.25)).toBe(1);
    } finally {
      metrics.close();
    }
  });

  it('keeps the metrics of the registry it wraps', () => {
    const inner = createMetrics();
    inner.counter('reeflow_test_total', 'a test counter').inc({}, 3);
    const metrics = withRuntimeMetrics(inner);
    try {
      expect(metricValue(metrics.render(), 'reeflow_test_total')).toBe(3);
    } finally {
      metrics.close();
    }
  });
});
