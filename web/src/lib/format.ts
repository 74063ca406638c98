/** Number formats for the dashboard: short, with units, the way the CLI writes them. */

const compact = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 });
const plain = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const precise = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });

/** 1234567 → "1.2M"; small values keep two decimals. */
export function formatCompact(value: number): string {
  if (!Number.isFinite(value)) return '–';
  return Math.abs(value) < 1000 ? precise.format(value) : compact.format(value);
}

/** USD, compact: 874135682 → "$874.1M"; negative values keep their sign. */
export function formatUsd(value: number): string {
  if (!Number.isFinite(value)) return '–';
  return `${value < 0 ? '−' : ''}$${formatCompact(Math.abs(value))}`;
}

/** Tonnes with a thousands separator: 12345.6 → "12,346 t". */
export function formatTonnes(value: number): string {
  return `${Math.abs(value) < 10 ? precise.format(value) : plain.format(value)} t`;
}

/** A share as a percentage: 0.6912 → "69.1%". */
export function formatShare(value: number): string {
  return `${(value * 100).toFixed(1)}%`;
}
