import { readFileSync } from 'node:fs';

// A copy of the workplace's public reference data (shared/benchmarks; sources and licences in its README),
// kept in the repository so the validation tests run from any clone.
export const BENCHMARKS = new URL('../fixtures/benchmarks/', import.meta.url).pathname;

/** Rows of a small comma-separated benchmark file, header dropped. */
export function csvRows(path: string): string[][] {
  return readFileSync(`${BENCHMARKS}${path}`, 'utf8')
    .trim()
    .split(/\r?\n/)
    .slice(1)
    .map((line) => line.split(','));
}

/** One numeric column of a benchmark CSV. */
export function column(path: string, index: number): number[] {
  return csvRows(path).map((r) => Number(r[index]));
}
