import { performance } from 'node:perf_hooks';

/** Measures phases of a run. Elapsed time is reported, never used in a decision, so results stay reproducible. */
export function createStopwatch(): { lap(): number } {
  let last = performance.now();
  return {
    lap() {
      const now = performance.now();
      const seconds = (now - last) / 1000;
      last = now;
      return seconds;
    },
  };
}
