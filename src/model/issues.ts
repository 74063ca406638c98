/**
 * Issues: how every layer reports a problem with input. All problems are collected and reported
 * at once; each names where it is (file, line or row, and the path of the field), what was found,
 * what was expected, and how to fix it.
 */

import { z } from 'zod';

export const ISSUE_SEVERITIES = ['error', 'warning', 'info'] as const;
export type Severity = (typeof ISSUE_SEVERITIES)[number];

/** A path into the model, e.g. `['routes', 3, 'from']`. */
export const issuePathSchema = z
  .array(z.union([z.string(), z.number()]))
  .readonly()
  .meta({ description: "where in the model, e.g. ['routes', 3, 'from']; [] for the model as a whole" });
export type IssuePath = z.infer<typeof issuePathSchema>;

export const issueSchema = z
  .object({
    code: z.string().meta({ description: 'stable code from the catalogue, e.g. REF_UNKNOWN, YAML_SYNTAX' }),
    severity: z.enum(ISSUE_SEVERITIES),
    path: issuePathSchema,
    message: z.string().meta({ description: 'what was found and what was expected' }),
    fix: z
      .string()
      .exactOptional()
      .meta({ description: "how to fix it, e.g. did you mean 'baotou-separation'?" }),
    file: z
      .string()
      .exactOptional()
      .meta({ description: 'the file the component came from, relative to the model folder' }),
    line: z.number().int().exactOptional().meta({
      description: '1-based line in a YAML/JSON file, or data row in a CSV/XLSX table (header is row 1)',
    }),
    column: z.number().int().exactOptional(),
  })
  .meta({ id: 'Issue', description: 'a problem found in a model or request, with where and how to fix it' });
/** A problem with input: where it is, what was found and expected, and how to fix it. */
export type Issue = z.infer<typeof issueSchema>;

/** Renders a path as `routes[3].from`. */
export function formatPath(path: IssuePath): string {
  let out = '';
  for (const part of path) out += typeof part === 'number' ? `[${part}]` : out === '' ? part : `.${part}`;
  return out;
}

/** Renders an issue on one line: `file:line: error CODE at path: message; fix: how`. */
export function formatIssue(issue: Issue): string {
  const where = issue.file
    ? `${issue.file}${issue.line ? `:${issue.line}` : ''}${issue.column ? `:${issue.column}` : ''}: `
    : '';
  const at = issue.path.length > 0 ? ` at ${formatPath(issue.path)}` : '';
  const message = issue.fix ? issue.message.replace(/[.;,:\s]+$/, '') : issue.message;
  const fix = issue.fix ? `; fix: ${issue.fix}` : '';
  return `${where}${issue.severity} ${issue.code}${at}: ${message}${fix}`;
}

/** True when any issue is an error (warnings and infos do not make a model invalid). */
export function hasErrors(issues: readonly Issue[]): boolean {
  return issues.some((i) => i.severity === 'error');
}
