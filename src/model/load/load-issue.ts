/** One way to make the issues the loaders report, so every one carries a code, a path and a place. */
import type { Issue, IssuePath, Severity } from '../issues.js';

export interface LoadIssueOptions {
  path?: IssuePath;
  fix?: string | undefined;
  file?: string | undefined;
  line?: number | undefined;
  column?: number | undefined;
  severity?: Severity;
}

/** An issue found while loading, e.g. `createLoadIssue('FILE_NOT_FOUND', "no file 'x.yaml'", { file: 'x.yaml' })`. */
export function createLoadIssue(code: string, message: string, options: LoadIssueOptions = {}): Issue {
  const issue: Issue = { code, severity: options.severity ?? 'error', path: options.path ?? [], message };
  if (options.fix !== undefined) issue.fix = options.fix;
  if (options.file !== undefined) issue.file = options.file;
  if (options.line !== undefined) issue.line = options.line;
  if (options.column !== undefined) issue.column = options.column;
  return issue;
}

/** A short description of a value for "found …" messages: `'abc'`, `12`, `a list`, `nothing`. */
export function describeValue(value: unknown): string {
  if (value === undefined || value === null) return 'nothing';
  if (typeof value === 'string') return value.length > 40 ? `'${value.slice(0, 37)}…'` : `'${value}'`;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'a mapping' : typeof value;
}
