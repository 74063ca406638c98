import { readFileSync } from 'node:fs';

/** The shared public benchmark data (read-only), see /work/shared/benchmarks/README.md. */
export const BENCHMARKS = new URL('../../../shared/benchmarks/', import.meta.url).pathname;

/** Rows of a small comma-separated benchmark file, header dropped. */
export function csvRows(path: string): string[][] {
  return readFileSync(`${BENCHMARKS}${path}`, 'utf8').trim().split(/\r?\n/).slice(1).map((line) => line.split(','));
}

/** One numeric column of a benchmark CSV. */
export function column(path: string, index: number): number[] {
  return csvRows(path).map((r) => Number(r[index]));
}
