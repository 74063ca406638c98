/**
 * Units of the model format. Every quantity has one canonical unit inside reeflow
 * (t, t/yr, days, USD, USD/t, fraction); files may write a number in that unit or a string
 * with a unit that is converted once, at the edge: `360000/yr`, `30 kt/yr`, `2500/month`,
 * `45d`, `18mo`, `60%`, `850M` (USD).
 */
import { z } from 'zod';

/** Tonnes (of material, or of REO where a field says so). */
export type Tonnes = number;
/** Tonnes per year. */
export type TonnesPerYear = number;
/** Days. */
export type Days = number;
/** US dollars. */
export type Usd = number;
/** US dollars per tonne. */
export type UsdPerTonne = number;
/** A share between 0 and 1. */
export type Fraction = number;

const DAYS_PER_YEAR = 365;
const RATE_PER: Record<string, number> = {
  yr: 1,
  y: 1,
  year: 1,
  a: 1,
  annum: 1,
  quarter: 4,
  q: 4,
  month: 12,
  mo: 12,
  week: 365 / 7,
  wk: 365 / 7,
  w: 365 / 7,
  day: DAYS_PER_YEAR,
  d: DAYS_PER_YEAR,
};
const MASS_FACTOR: Record<string, number> = { t: 1, kt: 1e3, Mt: 1e6, kg: 1e-3 };
const DURATION_DAYS: Record<string, number> = {
  d: 1,
  day: 1,
  days: 1,
  w: 7,
  wk: 7,
  week: 7,
  weeks: 7,
  mo: 365 / 12,
  month: 365 / 12,
  months: 365 / 12,
  y: DAYS_PER_YEAR,
  yr: DAYS_PER_YEAR,
  year: DAYS_PER_YEAR,
  years: DAYS_PER_YEAR,
};
const MONEY_FACTOR: Record<string, number> = {
  '': 1,
  k: 1e3,
  K: 1e3,
  M: 1e6,
  m: 1e6,
  B: 1e9,
  bn: 1e9,
  G: 1e9,
};

const NUMBER = String.raw`([-+]?(?:\d[\d_,]*\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)`;

function toNumber(text: string): number {
  return Number(text.replace(/[_,]/g, ''));
}

/** Parses `30 kt/yr`, `2500/month`, `360000` (already t/yr) into t/yr; undefined if not a rate. */
export function parseRate(text: string): TonnesPerYear | undefined {
  const match = new RegExp(String.raw`^\s*${NUMBER}\s*(t|kt|Mt|kg)?\s*(?:/\s*([a-z]+))?\s*$`).exec(text);
  if (!match?.[1]) return undefined;
  const mass = MASS_FACTOR[match[2] ?? 't'] ?? 1;
  const per = match[3] === undefined ? 1 : RATE_PER[match[3]];
  if (per === undefined) return undefined;
  return toNumber(match[1]) * mass * per;
}

/** Parses `50 kt`, `1200 t`, `1200` into tonnes; undefined if not a mass. */
export function parseMass(text: string): Tonnes | undefined {
  const match = new RegExp(String.raw`^\s*${NUMBER}\s*(t|kt|Mt|kg)?\s*$`).exec(text);
  if (!match?.[1]) return undefined;
  return toNumber(match[1]) * (MASS_FACTOR[match[2] ?? 't'] ?? 1);
}

/** Parses `45d`, `2 w`, `18mo`, `1.5y`, `30` (already days) into days; undefined if not a duration. */
export function parseDuration(text: string): Days | undefined {
  const match = new RegExp(String.raw`^\s*${NUMBER}\s*([a-z]+)?\s*$`).exec(text);
  if (!match?.[1]) return undefined;
  const factor = match[2] === undefined ? 1 : DURATION_DAYS[match[2]];
  return factor === undefined ? undefined : toNumber(match[1]) * factor;
}

/** Parses `850M`, `1.2B`, `$40k`, `1e9` into US dollars; undefined if not an amount. */
export function parseMoney(text: string): Usd | undefined {
  const match = new RegExp(String.raw`^\s*\$?\s*${NUMBER}\s*(k|K|M|m|B|bn|G)?\s*(?:USD)?\s*$`).exec(text);
  if (!match?.[1]) return undefined;
  return toNumber(match[1]) * (MONEY_FACTOR[match[2] ?? ''] ?? 1);
}

/** Parses `60%` or `0.6` into a fraction; undefined if not a share. */
export function parseFraction(text: string): Fraction | undefined {
  const match = new RegExp(String.raw`^\s*${NUMBER}\s*(%)?\s*$`).exec(text);
  if (!match?.[1]) return undefined;
  return toNumber(match[1]) / (match[2] ? 100 : 1);
}

interface QuantityOptions {
  unit: string;
  description: string;
  examples: string;
  min?: number;
  max?: number;
}

function quantity(parse: (text: string) => number | undefined, options: QuantityOptions) {
  const { unit, description, examples, min = 0, max = Infinity } = options;
  return z
    .union([z.number(), z.string()])
    .transform((raw, ctx) => {
      const value = typeof raw === 'number' ? raw : parse(raw);
      if (value === undefined || !Number.isFinite(value)) {
        ctx.addIssue({
          code: 'custom',
          message: `expected a quantity in ${unit} (a number, or text such as ${examples}); found ${JSON.stringify(raw)}`,
          params: { reeflow: 'UNIT_INVALID' },
        });
        return z.NEVER;
      }
      if (value < min || value > max) {
        const range = max === Infinity ? `at least ${min}` : `between ${min} and ${max}`;
        ctx.addIssue({
          code: 'custom',
          message: `expected ${range} ${unit}; found ${value}`,
          params: { reeflow: 'VALUE_OUT_OF_RANGE' },
        });
        return z.NEVER;
      }
      return value;
    })
    .meta({ description, unit });
}

/** A rate in t/yr; accepts `360000/yr`, `30 kt/yr`, `2500/month`, `100/day`. */
export const tonnesPerYear = (description: string) =>
  quantity(parseRate, { unit: 't/yr', description, examples: "'360000/yr', '30 kt/yr' or '2500/month'" });

/** A mass in t; accepts `50 kt`, `1200 t`. */
export const tonnes = (description: string) =>
  quantity(parseMass, { unit: 't', description, examples: "'1200 t' or '50 kt'" });

/** A duration in days; accepts `45d`, `6w`, `18mo`, `2y`. */
export const days = (description: string) =>
  quantity(parseDuration, { unit: 'days', description, examples: "'45d', '6w', '18mo' or '2y'" });

/** An amount in USD; accepts `850M`, `1.2B`, `40k`. */
export const usd = (description: string) =>
  quantity(parseMoney, { unit: 'USD', description, examples: "'850M', '1.2B' or '40k'" });

/** A price or cost in USD per tonne (may be negative only where a field says so). */
export const usdPerTonne = (description: string, options: { allowNegative?: boolean } = {}) =>
  quantity(parseMoney, {
    unit: 'USD/t',
    description,
    examples: "'180' or '62k'",
    min: options.allowNegative ? -Infinity : 0,
  });

/** A share between 0 and 1; accepts `0.6` or `60%`. */
export const fraction = (description: string) =>
  quantity(parseFraction, { unit: 'fraction', description, examples: "'0.6' or '60%'", max: 1 });

/** A plain non-negative number with a unit label (e.g. MWh/t, tCO2e/t). */
export const perUnit = (unit: string, description: string) => z.number().min(0).meta({ description, unit });

/** Converts a rate in t/yr to tonnes per period of the given length in months. */
export function fromRateToPerPeriod(rate: TonnesPerYear, monthsPerPeriod: number): Tonnes {
  return (rate * monthsPerPeriod) / 12;
}

/** Converts days to whole periods, rounding to the nearest period (half a period or more rounds up). */
export function fromDaysToPeriods(duration: Days, monthsPerPeriod: number): number {
  return Math.round(duration / ((DAYS_PER_YEAR / 12) * monthsPerPeriod));
}
