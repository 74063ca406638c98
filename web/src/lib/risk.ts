/**
 * Risk metrics side by side per scenario: the concentration (HHI) of each stage and a consumer's
 * exposure to one country per element, from the metrics GET /v1/risk returns (src/risk). Pure.
 */
import { stageRank } from './sankey.js';

export interface MetricShape {
  name: string;
  values: readonly ({ value: number } & Record<string, string | number | boolean | undefined>)[];
}

export interface StageConcentration {
  stage: string;
  /** HHI on 0–10,000. */
  hhi: number;
  top?: string;
  topShare?: number;
}

/** HHI of each stage over the whole horizon (the `all` period, `element` REO unless given), in chain order. */
export function hhiByStage(metric: MetricShape | undefined, element = 'REO'): StageConcentration[] {
  if (!metric) return [];
  return metric.values
    .filter(
      (row) =>
        (row['period'] ?? 'all') === 'all' &&
        (row['element'] ?? element) === element &&
        typeof row['stage'] === 'string',
    )
    .map((row) => ({
      stage: String(row['stage']),
      hhi: row.value,
      ...(typeof row['top'] === 'string' ? { top: row['top'] } : {}),
      ...(typeof row['topShare'] === 'number' ? { topShare: row['topShare'] } : {}),
    }))
    .sort((a, b) => stageRank(a.stage) - stageRank(b.stage) || a.stage.localeCompare(b.stage));
}

/** A consumer's share of each element that passes through `through` at any stage (`stage` any), elements sorted. */
export function exposureTo(
  metric: MetricShape | undefined,
  through: string,
  stage = 'any',
): { element: string; share: number; tonnes: number }[] {
  if (!metric) return [];
  return metric.values
    .filter(
      (row) =>
        row['through'] === through && (row['stage'] ?? 'any') === stage && typeof row['element'] === 'string',
    )
    .map((row) => ({
      element: String(row['element']),
      share: row.value,
      tonnes: typeof row['tonnes'] === 'number' ? row['tonnes'] : 0,
    }))
    .sort((a, b) => a.element.localeCompare(b.element));
}

/** HHI bands as the US DOJ draws them: below 1,500 unconcentrated, to 2,500 moderately, above highly concentrated. */
export function hhiBand(hhi: number): 'unconcentrated' | 'moderately concentrated' | 'highly concentrated' {
  return hhi < 1500 ? 'unconcentrated' : hhi <= 2500 ? 'moderately concentrated' : 'highly concentrated';
}
