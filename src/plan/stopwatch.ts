/**
 * Measures phases of a run with the clock it is given (milliseconds; the edge passes
 * `() => performance.now()`). Elapsed time is reported, never used in a decision, so results stay reproducible.
 *
 * @example const watch = createStopwatch(() => performance.now()); build(); const buildSeconds = watch.lap();
 */
export function createStopwatch(clock: () => number): { lap(): number } {
  let last = clock();
  return {
    lap() {
      const now = clock();
      const seconds = (now - last) / 1000;
      last = now;
      return seconds;
    },
  };
}
