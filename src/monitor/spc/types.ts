/** Shapes shared by every control chart. */
import type { RuleId, Violation } from './rules.js';

/** The charts reeflow draws. */
export type ChartKind = 'imr' | 'xbar-r' | 'xbar-s' | 'p' | 'np' | 'c' | 'u' | 'ewma' | 'cusum';
export const CHART_KINDS: readonly ChartKind[] = [
  'imr',
  'xbar-r',
  'xbar-s',
  'p',
  'np',
  'c',
  'u',
  'ewma',
  'cusum',
];

/** The data of a chart: individual values, rational subgroups, or counts with sample sizes. */
export type ChartData =
  | { values: readonly number[] }
  | { subgroups: readonly (readonly number[])[] }
  | { counts: readonly number[]; sizes?: readonly number[] | number };

/**
 * The estimated (phase I) or given (phase II) parameters from which every limit follows: `center` is
 * x̄̄ (variables), p̄ (p, np), c̄ or ū; `sigma` is the process standard deviation of one observation
 * (variables charts, EWMA, CUSUM; NaN for attribute charts, whose sigma follows from the centre).
 */
export interface FrozenLimits {
  chart: ChartKind;
  center: number;
  sigma: number;
}

/** One plotted statistic with its centre line, limits and run-rule violations (indices are point indices). */
export interface ChartSeries {
  statistic: string;
  values: number[];
  center: number[];
  lcl: number[];
  ucl: number[];
  violations: Violation[];
}

/** A half-open range of point indices [start, end). */
export interface PointRange {
  start: number;
  end: number;
}

/** Options shared by every chart. */
export interface ControlChartOptions {
  /** Phase I reference points, 0-based half-open; default every point. Ignored when `limits` is given. */
  reference?: PointRange;
  /** Phase II: monitor against these frozen limits instead of estimating them. */
  limits?: FrozenLimits;
  /** Reference points to leave out of the estimate (known assignable causes), 0-based. */
  exclude?: readonly number[];
  /** Re-estimate after dropping reference points beyond the limits (either chart) until none remain; default false. */
  iterate?: boolean;
  /** Run rules for Shewhart charts: 'nelson', 'we', '1,2,5', ['nelson-1', …]; default 'nelson'. */
  rules?: string | readonly (number | string)[];
  /** Width of Shewhart limits in sigmas; default 3. */
  nSigma?: number;
  /** EWMA weight λ in (0, 1]; default 0.2. */
  lambda?: number;
  /** EWMA limit width L; default 3. */
  L?: number;
  /** EWMA: use the steady-state limits (as the NIST handbook does) instead of the exact time-varying ones; default false. */
  asymptotic?: boolean;
  /** CUSUM reference value k in sigmas; default 0.5. */
  k?: number;
  /** CUSUM decision interval h in sigmas; default 5 (Montgomery §9.1). */
  h?: number;
  /** EWMA/CUSUM target μ0; default the reference mean. */
  target?: number;
  /** EWMA/CUSUM known sigma of one plotted value; default estimated from the reference (see sigmaMethod). */
  sigma?: number;
  /** How EWMA/CUSUM estimate sigma from individual values: 'moving-range' (MR̄/d2, as qcc) or 'sd' (sample s, as NIST); default 'moving-range'. */
  sigmaMethod?: 'moving-range' | 'sd';
}

/** A chart computed over all points: phase I estimate (or phase II limits), series and violations. */
export interface ControlChartResult {
  chart: ChartKind;
  phase: 'I' | 'II';
  /** The reference range used for the estimate (phase I) or undefined (phase II). */
  reference?: PointRange;
  /** Reference points left out of the final estimate (given or found by iteration), 0-based. */
  excluded: number[];
  /** Estimation rounds (1 without iteration). */
  iterations: number;
  /** The parameters to freeze for phase II. */
  limits: FrozenLimits;
  /** Primary chart first (x, x̄, p, …, EWMA, C+), then its companion (MR, R, S, C−). */
  series: ChartSeries[];
  /** Rules evaluated on the Shewhart series. */
  rules: RuleId[];
  /** Conditions worth knowing that did not stop the computation (e.g. fewer than 20 reference subgroups). */
  warnings: string[];
}
