/**
 * Where each part of a loaded model came from: file, line (YAML/JSON) or row (CSV/XLSX), column.
 * Loaders register one origin per file or table row; any path into the merged model is located by
 * its longest registered prefix, so checks that only know paths can still name a file and line.
 */
import type { Issue, IssuePath } from '../issues.js';

/** A place in a model file: line is 1-based (a YAML/JSON line, or a CSV/XLSX row with the header at 1). */
export interface SourceLocation {
  file: string;
  line?: number;
  column?: number;
}

/** Locates the rest of a path inside one origin, e.g. `['cost']` inside row 4 of routes.csv. */
export type Locator = (rest: IssuePath) => { line?: number; column?: number };

/** Maps paths into the merged model back to files. */
export interface SourceMap {
  /** The files the model was read from, relative to the model folder (or the file's own name). */
  readonly files: readonly string[];
  /** The file and line of a path, e.g. `locate(['routes', 3, 'cost'])`; undefined if unknown. */
  locate(path: IssuePath): SourceLocation | undefined;
}

/** Locates the rest of a path inside the `index`-th row of a range, e.g. `(3, ['cost'])`. */
export type RowLocator = (index: number, rest: IssuePath) => { line?: number; column?: number };

/** A source map being filled by the loaders. */
export interface SourceMapBuilder extends SourceMap {
  /** Registers that everything under `prefix` came from `file`, located by `locator`. */
  add(prefix: IssuePath, file: string, locator?: Locator): void;
  /**
   * Registers that `[...prefix, start + i, …]` for `i < count` came from row `i` of `file`: one
   * entry for a whole table, where `add` per row would cost an entry and a closure per row.
   */
  addRange(
    prefix: IssuePath,
    range: { start: number; count: number },
    file: string,
    locateRow: RowLocator,
  ): void;
}

interface Range {
  start: number;
  end: number;
  file: string;
  locateRow: RowLocator;
}

function toKey(path: IssuePath): string {
  return JSON.stringify(path);
}

/** Creates an empty source map; `createSourceMap().locate(path)` is undefined until origins are added. */
export function createSourceMap(): SourceMapBuilder {
  const origins = new Map<string, { file: string; locator: Locator | undefined }>();
  const ranges = new Map<string, Range[]>();
  const files: string[] = [];
  const inRange = (path: IssuePath, length: number): { range: Range; index: number } | undefined => {
    const index = path[length - 1];
    if (typeof index !== 'number') return undefined;
    const range = ranges
      .get(toKey(path.slice(0, length - 1)))
      ?.find((r) => index >= r.start && index < r.end);
    return range ? { range, index: index - range.start } : undefined;
  };
  return {
    files,
    add(prefix, file, locator) {
      origins.set(toKey(prefix), { file, locator });
      if (!files.includes(file)) files.push(file);
    },
    addRange(prefix, { start, count }, file, locateRow) {
      const key = toKey(prefix);
      ranges.set(key, [...(ranges.get(key) ?? []), { start, end: start + count, file, locateRow }]);
      if (!files.includes(file)) files.push(file);
    },
    locate(path) {
      for (let length = path.length; length >= 0; length--) {
        const origin = origins.get(toKey(path.slice(0, length)));
        if (origin) return { file: origin.file, ...(origin.locator?.(path.slice(length)) ?? {}) };
        const row = length > 0 ? inRange(path, length) : undefined;
        if (row) return { file: row.range.file, ...row.range.locateRow(row.index, path.slice(length)) };
      }
      return undefined;
    },
  };
}

/**
 * Fills in file, line and column of issues that only carry a path (e.g. from semantic checks);
 * issues that already name a file are left as they are.
 */
export function locateIssues(issues: readonly Issue[], sources: SourceMap): Issue[] {
  return issues.map((issue) => {
    if (issue.file !== undefined) return issue;
    const where = sources.locate(issue.path);
    return where ? { ...issue, ...where } : issue;
  });
}
