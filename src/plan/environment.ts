/**
 * Environmental indicators of a plan: energy, greenhouse-gas emissions, water and radioactive
 * residue, added up from the plan's activity levels and shipments, by country and by stage.
 */
import { z } from 'zod';
import { routeEmissions } from '../model/index.js';
import type { PlanContext } from './formulation/context.js';

/** The indicators, in the order tables show them. */
export const ENVIRONMENT_INDICATORS = ['energy', 'emissions', 'water', 'residue'] as const;
export type EnvironmentIndicator = (typeof ENVIRONMENT_INDICATORS)[number];

/** Unit of each indicator's total over the horizon. */
export const ENVIRONMENT_UNITS: Readonly<Record<EnvironmentIndicator, string>> = {
  energy: 'MWh',
  emissions: 'tCO2e',
  water: 'm3',
  residue: 't',
};

/** The stage shipments are reported under (their emissions count at the origin's country). */
export const TRANSPORT_STAGE = 'transport';

/** Totals over the horizon: MWh, tCO2e, m³ and t of thorium/uranium-bearing residue. */
export const indicatorsSchema = z
  .object({
    energy: z.number().meta({ unit: 'MWh', description: 'energy (electricity and fuels)' }),
    emissions: z.number().meta({ unit: 'tCO2e', description: 'greenhouse-gas emissions' }),
    water: z.number().meta({ unit: 'm3', description: 'fresh water withdrawn' }),
    residue: z.number().meta({ unit: 't', description: 'thorium/uranium-bearing tailings and residues' }),
  })
  .meta({ description: 'Environmental indicators over the horizon.' });
export type Indicators = z.infer<typeof indicatorsSchema>;

/** A plan's environmental indicators; every list is sorted by emissions, largest first. */
export const planEnvironmentSchema = z
  .object({
    total: indicatorsSchema,
    byCountry: z.array(
      indicatorsSchema.extend({
        country: z
          .string()
          .meta({ description: "top-level jurisdiction of the facility (the origin's, for shipments)" }),
      }),
    ),
    byStage: z.array(
      indicatorsSchema.extend({
        stage: z.string().meta({ description: 'process stage, or transport for shipments' }),
      }),
    ),
  })
  .meta({
    description: 'Energy, emissions, water and radioactive residue of a plan by country and by stage.',
  });
export type PlanEnvironment = z.infer<typeof planEnvironmentSchema>;
export type EnvironmentByCountry = PlanEnvironment['byCountry'][number];
export type EnvironmentByStage = PlanEnvironment['byStage'][number];

/** One process whose activity differs between the two plans. */
export const processShiftSchema = z.object({
  process: z.string(),
  facility: z.string(),
  country: z.string(),
  stage: z.string(),
  leastCost: z.number().meta({
    unit: 't',
    description: "on the capacity's reference flow over the horizon, in the least-cost plan",
  }),
  planned: z.number().meta({ unit: 't', description: 'the same in this plan' }),
  emissionsChange: z.number().meta({
    unit: 'tCO2e',
    description: "this plan's emissions at the process minus the least-cost plan's, from its own factor",
  }),
});
export type ProcessShift = z.infer<typeof processShiftSchema>;

/** What a plan changes against the least-cost plan of the same model. */
export const leastCostComparisonSchema = z
  .object({
    leastCost: indicatorsSchema.meta({ description: 'indicators of the least-cost plan over the horizon' }),
    emissionsAvoided: z.number().meta({
      unit: 'tCO2e',
      description: 'what the least-cost plan emits more than this one (negative: this plan emits more)',
    }),
    extraCost: z.number().meta({
      unit: 'USD',
      description: "this plan's total cost minus the least-cost plan's (sales count as negative cost)",
    }),
    costPerTonneAvoided: z.number().optional().meta({
      unit: 'USD/tCO2e',
      description: 'extraCost / emissionsAvoided; absent when nothing is avoided',
    }),
    costChange: z.record(z.string(), z.number()).meta({
      unit: 'USD',
      description: 'cost category → this plan minus least cost, categories that changed',
    }),
    shifts: z
      .array(processShiftSchema)
      .meta({ description: 'processes whose activity changed, largest change in emissions first' }),
  })
  .meta({ description: 'A plan against the least-cost plan: indicators, cost of abatement and shifts.' });
export type LeastCostComparison = z.infer<typeof leastCostComparisonSchema>;

function zero(): Indicators {
  return { energy: 0, emissions: 0, water: 0, residue: 0 };
}

function addInto(totals: Map<string, Indicators>, key: string, amounts: Indicators, scale: number): void {
  let entry = totals.get(key);
  if (!entry) {
    entry = zero();
    totals.set(key, entry);
  }
  for (const indicator of ENVIRONMENT_INDICATORS) entry[indicator] += amounts[indicator] * scale;
}

function sortedRows<K extends string>(
  totals: Map<string, Indicators>,
  key: K,
): (Indicators & Record<K, string>)[] {
  return [...totals]
    .map(([name, amounts]) => ({ [key]: name, ...amounts }) as Indicators & Record<K, string>)
    .filter((row) => ENVIRONMENT_INDICATORS.some((indicator) => row[indicator] !== 0))
    .sort((a, b) => b.emissions - a.emissions || b.energy - a.energy);
}

/**
 * Σ factor[p] · x[p,t] over processes and Σ emissions[r] · f[r,m,t] over shipments, by the
 * facility's country and the process stage (`transport` for shipments). `value(column)` is the
 * solved value of a column, with round-off already cleaned.
 *
 * @example assignEnvironment(context, (c) => values[c] ?? 0).total.emissions
 */
export function assignEnvironment(context: PlanContext, value: (column: number) => number): PlanEnvironment {
  const byCountry = new Map<string, Indicators>();
  const byStage = new Map<string, Indicators>();
  const total = zero();
  const add = (country: string, stage: string, amounts: Indicators, scale: number): void => {
    if (scale === 0) return;
    addInto(byCountry, country, amounts, scale);
    addInto(byStage, stage, amounts, scale);
    for (const indicator of ENVIRONMENT_INDICATORS) total[indicator] += amounts[indicator] * scale;
  };
  for (const a of context.activities) {
    const { energy, emissions, water, residue } = a.process.process;
    if (energy === 0 && emissions === 0 && water === 0 && residue === 0) continue;
    const country = context.tree.root(a.process.facility.jurisdiction);
    add(country, a.process.stage, { energy, emissions, water, residue }, value(a.column));
  }
  for (const { route, first, periods } of context.flowLanes) {
    const emissions = routeEmissions(route);
    if (emissions === 0) continue;
    const country = context.tree.root(context.facilities.get(route.from)?.jurisdiction ?? '');
    const amounts = { ...zero(), emissions };
    for (let k = 0; k < periods.length; k++) add(country, TRANSPORT_STAGE, amounts, value(first + k));
  }
  return { total, byCountry: sortedRows(byCountry, 'country'), byStage: sortedRows(byStage, 'stage') };
}
