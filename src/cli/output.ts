/** Terminal output helpers: aligned tables, number formats, JSON. */
import { formatIssue, type Issue } from '../model/index.js';

/** Formats a number with thousands separators and at most `digits` decimals. */
export function formatNumber(value: number, digits = 0): string {
  if (!Number.isFinite(value)) return String(value);
  return withoutNegativeZero(
    value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 }),
  );
}

/** Formats a share as a percentage, e.g. 0.912 → "91.2%". */
export function formatShare(value: number): string {
  return withoutNegativeZero(`${(value * 100).toFixed(1)}%`);
}

/** "-0", "-0.0%" → "0", "0.0%": a value that rounds to zero has no sign. */
function withoutNegativeZero(text: string): string {
  return /^-0(\.0*)?%?$/.test(text) ? text.slice(1) : text;
}

/** A difference with its sign: +1,200, -3.5%, 0. */
export function formatSigned(text: string): string {
  return text.startsWith('-') || /^0(\.0*)?%?$/.test(text) ? text : `+${text}`;
}

/** Renders rows as an aligned text table; numeric-looking cells are right-aligned. */
export function renderTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const numeric = header.map(
    (_, i) => rows.length > 0 && rows.every((r) => /^[-+]?[\d,.]+%?$|^–?$/.test(r[i] ?? '')),
  );
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, i) => (numeric[i] ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** Prints issues one per line to stderr, errors first. */
export function printIssues(issues: readonly Issue[], write: (text: string) => void): void {
  const order = { error: 0, warning: 1, info: 2 } as const;
  for (const issue of [...issues].sort((a, b) => order[a.severity] - order[b.severity]))
    write(`${formatIssue(issue)}\n`);
}

/** JSON for scripts: stable two-space indentation and a trailing newline. */
export function toJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
