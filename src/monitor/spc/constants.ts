/**
 * Control-chart constants computed exactly (as the R package qcc does), not read from a rounded table.
 * Rounded to the printed precision they equal Montgomery, *Introduction to Statistical Quality
 * Control*, Appendix VI (d2, d3 to 3 decimals, c4 to 4); tests/monitor/spc/constants.test.ts checks that.
 *
 *   d2(n) = E[R/σ] = ∫₀^∞ P(R > r) dr,  d3(n) = sd[R/σ] = √(∫₀^∞ 2r P(R > r) dr − d2²),
 *   P(R ≤ r) = n ∫ φ(x) (Φ(x + r) − Φ(x))^(n−1) dx   (range of n standard normals),
 *   c4(n) = √(2/(n−1)) Γ(n/2) / Γ((n−1)/2),
 *   A2 = 3/(d2√n), A3 = 3/(c4√n), D3 = max(0, 1 − 3d3/d2), D4 = 1 + 3d3/d2,
 *   B3 = max(0, 1 − 3√(1−c4²)/c4), B4 = 1 + 3√(1−c4²)/c4.
 */
import { SpcError } from './errors.js';
import { lnGamma, normalCdf, normalPdf } from './math.js';

/** The constants for one subgroup size. */
export interface ChartConstants {
  n: number;
  d2: number;
  d3: number;
  c4: number;
  A2: number;
  A3: number;
  D3: number;
  D4: number;
  B3: number;
  B4: number;
}

const H = 0.02;
const X_MIN = -10;
const X_STEPS = 1000; // x from −10 to 10
const R_STEPS = 700; // r from 0 to 14 (P(R > 14) < 1e-40 for n ≤ 1000)
let phiTable: Float64Array | undefined;
let cdfTable: Float64Array | undefined;

function tables(): { pdf: Float64Array; cdf: Float64Array } {
  if (!phiTable || !cdfTable) {
    const size = X_STEPS + R_STEPS + 1;
    phiTable = new Float64Array(size);
    cdfTable = new Float64Array(size);
    for (let i = 0; i < size; i++) {
      const x = X_MIN + i * H;
      phiTable[i] = normalPdf(x);
      cdfTable[i] = normalCdf(x);
    }
  }
  return { pdf: phiTable, cdf: cdfTable };
}

const simpson = (i: number, last: number): number => (i === 0 || i === last ? 1 : i % 2 === 1 ? 4 : 2);

function rangeMoments(n: number): { d2: number; d3: number } {
  const { pdf, cdf } = tables();
  let m1 = 0;
  let m2 = 0;
  for (let j = 0; j <= R_STEPS; j++) {
    let inside = 0;
    for (let i = 0; i <= X_STEPS; i++) {
      const w = simpson(i, X_STEPS) * (pdf[i] as number);
      if (w === 0) continue;
      inside += w * ((cdf[i + j] as number) - (cdf[i] as number)) ** (n - 1);
    }
    const survival = 1 - (n * inside * H) / 3;
    const wr = simpson(j, R_STEPS);
    m1 += wr * survival;
    m2 += wr * 2 * (j * H) * survival;
  }
  const d2 = (m1 * H) / 3;
  return { d2, d3: Math.sqrt((m2 * H) / 3 - d2 * d2) };
}

const cache = new Map<number, ChartConstants>();

/**
 * The chart constants for subgroup size n (2 ≤ n ≤ 1000), computed once and cached.
 *
 * @example chartConstants(5).A2 // 0.5768 (Montgomery: 0.577)
 */
export function chartConstants(n: number): ChartConstants {
  if (!Number.isInteger(n) || n < 2 || n > 1000)
    throw new SpcError(
      'SPC_BAD_SUBGROUP',
      `chart constants need a subgroup size between 2 and 1000; got ${n}`,
    );
  const hit = cache.get(n);
  if (hit) return hit;
  const { d2, d3 } = n === 2 ? { d2: 2 / Math.sqrt(Math.PI), d3: rangeMoments(2).d3 } : rangeMoments(n);
  const c4 = Math.sqrt(2 / (n - 1)) * Math.exp(lnGamma(n / 2) - lnGamma((n - 1) / 2));
  const sRatio = (3 * Math.sqrt(1 - c4 * c4)) / c4;
  const constants: ChartConstants = {
    n,
    d2,
    d3,
    c4,
    A2: 3 / (d2 * Math.sqrt(n)),
    A3: 3 / (c4 * Math.sqrt(n)),
    D3: Math.max(0, 1 - (3 * d3) / d2),
    D4: 1 + (3 * d3) / d2,
    B3: Math.max(0, 1 - sRatio),
    B4: 1 + sRatio,
  };
  cache.set(n, constants);
  return constants;
}
