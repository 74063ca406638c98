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

/** A source map being filled by the loaders. */
export interface SourceMapBuilder extends SourceMap {
  /** Registers that everything under `prefix` came from `file`, located by `locator`. */
  add(prefix: IssuePath, file: string, locator?: Locator): void;
}

function toKey(path: IssuePath): string {
  return JSON.stringify(path);
}

/** Creates an empty source map; `createSourceMap().locate(path)` is undefined until origins are added. */
export function createSourceMap(): SourceMapBuilder {
  const origins = new Map<string, { file: string; locator: Locator | undefined }>();
  const files: string[] = [];
  return {
    files,
    add(prefix, file, locator) {
      origins.set(toKey(prefix), { file, locator });
      if (!files.includes(file)) files.push(file);
    },
    locate(path) {
      for (let length = path.length; length >= 0; length--) {
        const origin = origins.get(toKey(path.slice(0, length)));
        if (!origin) continue;
        const where = origin.locator?.(path.slice(length)) ?? {};
        return { file: origin.file, ...where };
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
