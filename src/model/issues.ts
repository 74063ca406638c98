/**
 * Issues: how every layer reports a problem with input. All problems are collected and reported
 * at once; each names where it is (file, line or row, and the path of the field), what was found,
 * what was expected, and how to fix it.
 */

export type Severity = 'error' | 'warning' | 'info';

/** A path into the model, e.g. `['routes', 3, 'from']`. */
export type IssuePath = readonly (string | number)[];

export interface Issue {
  /** Stable code from the catalogue, e.g. `REF_UNKNOWN`, `YAML_SYNTAX`. */
  code: string;
  severity: Severity;
  /** Where in the model, as a path; `[]` for the model as a whole. */
  path: IssuePath;
  /** What was found and what was expected, in one or two sentences. */
  message: string;
  /** How to fix it, e.g. "did you mean 'baotou-separation'?". */
  fix?: string;
  /** The file the component came from, relative to the model folder. */
  file?: string;
  /** 1-based line in a YAML/JSON file, or data row in a CSV/XLSX table (header is row 1). */
  line?: number;
  column?: number;
}

/** Renders a path as `routes[3].from`. */
export function formatPath(path: IssuePath): string {
  let out = '';
  for (const part of path) out += typeof part === 'number' ? `[${part}]` : out === '' ? part : `.${part}`;
  return out;
}

/** Renders an issue on one line: `file:line: error CODE at path: message (fix)`. */
export function formatIssue(issue: Issue): string {
  const where = issue.file
    ? `${issue.file}${issue.line ? `:${issue.line}` : ''}${issue.column ? `:${issue.column}` : ''}: `
    : '';
  const at = issue.path.length > 0 ? ` at ${formatPath(issue.path)}` : '';
  const fix = issue.fix ? ` ${issue.fix}` : '';
  return `${where}${issue.severity} ${issue.code}${at}: ${issue.message}${fix}`;
}

/** True when any issue is an error (warnings and infos do not make a model invalid). */
export function hasErrors(issues: readonly Issue[]): boolean {
  return issues.some((i) => i.severity === 'error');
}
