/** Failure reports of the fuzz runs, short enough to read: repeated runs are counted, not printed. */
import fc from 'fast-check';

/**
 * Shortens `text`: a unit of up to 8 characters repeated more than 12 times in a row becomes
 * `(unit)×N`, and the whole is cut at `max` characters.
 *
 * @example compact('[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]') // '([)×16 1(])×16' without the spaces
 */
export function compact(text: string, max = 3000): string {
  const short = text.replace(
    /(.{1,8}?)\1{12,}/gs,
    (run, unit: string) => `(${unit})×${run.length / unit.length}`,
  );
  return short.length > max ? `${short.slice(0, max)}… (${short.length - max} more characters)` : short;
}

/**
 * A failed run as a thrown error (a passing run returns): the failure, which names its input
 * (compacted), and the seed and path that replay it. fast-check's own report is not used: it prints
 * the whole counterexample, and a 120,000-level document or a 20 MB body is too large to print.
 */
export function throwCompact<T>(details: fc.RunDetails<T>): void {
  if (!details.failed) return;
  const cause =
    details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
  throw new Error(
    `${compact(cause)}\n\nafter ${details.numRuns} cases; replay with { seed: ${details.seed}, path: "${details.counterexamplePath ?? ''}" } (REEFLOW_FUZZ_SEED sets the run's seed)`,
  );
}
