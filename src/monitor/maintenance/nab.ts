/**
 * The Numenta Anomaly Benchmark scoring rule (Lavin & Ahmad, "Evaluating Real-time Anomaly Detection
 * Algorithms — the Numenta Anomaly Benchmark", IEEE ICMLA 2015; numenta/NAB nab/sweeper.py), re-implemented:
 * - the first `probationPercent` of each file (at most 15% × 5000 points) is ignored;
 * - inside a window, a detection scores tpWeight·σ(y), y = −(right − i + 1)/width ∈ [−1, 0), σ(y) = 2/(1 + e^{5y}) − 1
 *   (≈ 0.9866 at the window start, → 0 at its end); only the best (first) detection of a window counts;
 * - a window with no detection scores −fnWeight;
 * - a detection outside every window scores fpWeight·σ(y) with y = (i − previous window's right)/(width − 1)
 *   (−1 when no window precedes it, and −1 beyond y > 3);
 * - normalised score = 100·(raw − null)/(perfect − null), null = −fnWeight·windows, perfect = 0.9866·tpWeight·windows.
 */

export interface NabProfile {
  tpWeight: number;
  fpWeight: number;
  fnWeight: number;
}

/** NAB's "standard" application profile (profiles.json). */
export const NAB_STANDARD: NabProfile = { tpWeight: 1, fpWeight: 0.11, fnWeight: 1 };

export interface NabScore {
  raw: number;
  nullScore: number;
  perfect: number;
  /** 100·(raw − null)/(perfect − null) for this file alone. */
  normalized: number;
  /** Per labelled window: whether it was detected, and the first detection's time. */
  windows: { start: number; end: number; detected: boolean; firstDetection?: number }[];
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
}

const scaledSigmoid = (y: number): number => (y > 3 ? -1 : 2 / (1 + Math.exp(5 * y)) - 1);

/**
 * Scores detections (one boolean per timestamp) against labelled windows [start, end] (same time unit).
 *
 * @example scoreNab(times, flags, [[t0, t1]]).normalized
 */
export function scoreNab(
  times: readonly number[],
  detections: readonly boolean[],
  windows: readonly (readonly [number, number])[],
  profile: NabProfile = NAB_STANDARD,
  probationPercent = 0.15,
): NabScore {
  const n = times.length;
  const probation = Math.min(Math.floor(probationPercent * n), probationPercent * 5000);
  const spans = windows.map(([start, end]) => {
    let left = times.findIndex((t) => t >= start);
    if (left < 0) left = n;
    let right = left;
    while (right + 1 < n && (times[right + 1] as number) <= end) right++;
    return { start, end, left, right, width: right - left + 1 };
  });
  const best = spans.map(() => -profile.fnWeight);
  const first: (number | undefined)[] = spans.map(() => undefined);
  let fpScore = 0;
  let falsePositives = 0;
  let w = 0;
  let prev: (typeof spans)[number] | undefined;
  for (let i = 0; i < n; i++) {
    while (w < spans.length && i > (spans[w] as (typeof spans)[number]).right) prev = spans[w++];
    if (!detections[i] || i < probation) continue;
    const span = spans[w];
    if (span && i >= span.left && i <= span.right) {
      const score = profile.tpWeight * scaledSigmoid(-(span.right - i + 1) / span.width);
      if (first[w] === undefined) first[w] = times[i];
      best[w] = Math.max(best[w] as number, score);
    } else {
      const y = prev ? Math.abs(prev.right - i) / (prev.width - 1) : Infinity;
      fpScore += profile.fpWeight * (prev ? scaledSigmoid(y) : -1);
      falsePositives++;
    }
  }
  const raw = fpScore + best.reduce((a, b) => a + b, 0);
  const nullScore = -profile.fnWeight * spans.length;
  const perfect = profile.tpWeight * scaledSigmoid(-1) * spans.length;
  const detected = first.map((f) => f !== undefined);
  return {
    raw,
    nullScore,
    perfect,
    normalized: perfect === nullScore ? 0 : (100 * (raw - nullScore)) / (perfect - nullScore),
    windows: spans.map((s, i) => ({
      start: s.start,
      end: s.end,
      detected: detected[i] as boolean,
      ...(first[i] !== undefined ? { firstDetection: first[i] } : {}),
    })),
    truePositives: detected.filter(Boolean).length,
    falsePositives,
    falseNegatives: detected.filter((d) => !d).length,
  };
}
