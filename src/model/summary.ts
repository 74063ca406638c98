/**
 * A summary of a model for `reeflow inspect`: counts, capacity by stage and jurisdiction, and the
 * element content of capacity. Effective capacity is capacity × availability: what a process can
 * put out in a year, in t REO for mining and separation (their default capacity basis).
 */
import { z } from 'zod';
import { ELEMENT_SYMBOLS, type ElementSymbol } from './elements.js';
import { createJurisdictionTree, materialContents, resolveProcesses } from './derive.js';
import { STEPS, TABLES, type Model } from './model.js';

export const capacityRowSchema = z.object({
  stage: z.string(),
  jurisdiction: z.string().meta({ description: 'top-level jurisdiction (country)' }),
  capacity: z.number().meta({ unit: 't/yr', description: "on each process's reference flow" }),
  effective: z.number().meta({ unit: 't/yr', description: 'capacity × availability' }),
  share: z.number().meta({ unit: 'fraction', description: "share of the stage's effective capacity" }),
  reoOutput: z.number().meta({ unit: 't REO/yr', description: 'outputs at effective capacity' }),
});
export type CapacityRow = z.infer<typeof capacityRowSchema>;

export const modelSummarySchema = z
  .object({
    name: z.string(),
    horizon: z.object({
      start: z.string(),
      periods: z.number().int(),
      step: z.enum(Object.keys(STEPS) as [keyof typeof STEPS]),
    }),
    counts: z.record(z.string(), z.number().int()).meta({ description: 'rows per table' }),
    processes: z.number().int(),
    capacity: z.array(capacityRowSchema),
    elementCapacity: z
      .array(
        z.object({
          stage: z.string(),
          element: z.enum(ELEMENT_SYMBOLS),
          reoOutput: z.number().meta({ unit: 't REO/yr' }),
        }),
      )
      .meta({ description: "each element in each stage's outputs at effective capacity" }),
    materialContents: z.record(z.string(), z.record(z.string(), z.number())).meta({
      description: 't REO-equivalent per tonne of each material, by element (only elements it contains)',
    }),
  })
  .meta({
    id: 'ModelSummary',
    description: 'counts, capacity by stage and country, element content of capacity',
  });
export type ModelSummary = z.infer<typeof modelSummarySchema>;

/** Summarises a model: counts per table, capacity by stage and country, element content of capacity. */
export function summarizeModel(model: Model): ModelSummary {
  const contents = materialContents(model);
  const tree = createJurisdictionTree(model);
  const byStageCountry = new Map<string, CapacityRow>();
  const elementCapacity = new Map<string, { stage: string; element: ElementSymbol; reoOutput: number }>();
  const processes = resolveProcesses(model, contents);
  for (const p of processes) {
    const country = tree.root(p.facility.jurisdiction);
    const key = `${p.stage}|${country}`;
    const row = byStageCountry.get(key) ?? {
      stage: p.stage,
      jurisdiction: country,
      capacity: 0,
      effective: 0,
      share: 0,
      reoOutput: 0,
    };
    const effective = p.process.capacity * p.process.availability;
    row.capacity += p.process.capacity;
    row.effective += effective;
    const activity = p.capacityPerActivity > 0 ? effective / p.capacityPerActivity : 0;
    row.reoOutput += activity * p.reoOut;
    byStageCountry.set(key, row);
    for (const [material, amount] of Object.entries(p.outputs)) {
      const content = contents.get(material) ?? {};
      for (const element of ELEMENT_SYMBOLS) {
        const perTonne = content[element] ?? 0;
        if (perTonne === 0) continue;
        const ek = `${p.stage}|${element}`;
        const entry = elementCapacity.get(ek) ?? { stage: p.stage, element, reoOutput: 0 };
        entry.reoOutput += activity * amount * perTonne;
        elementCapacity.set(ek, entry);
      }
    }
  }
  const rows = [...byStageCountry.values()];
  const stageTotals = new Map<string, number>();
  for (const r of rows) stageTotals.set(r.stage, (stageTotals.get(r.stage) ?? 0) + r.effective);
  for (const r of rows)
    r.share = (stageTotals.get(r.stage) ?? 0) > 0 ? r.effective / (stageTotals.get(r.stage) ?? 1) : 0;
  rows.sort((a, b) => a.stage.localeCompare(b.stage) || b.effective - a.effective);
  const counts: Record<string, number> = { distributions: Object.keys(model.distributions).length };
  for (const table of TABLES) counts[table] = model[table].length;
  return {
    name: model.name,
    horizon: { start: model.horizon.start, periods: model.horizon.periods, step: model.horizon.step },
    counts,
    processes: processes.length,
    capacity: rows,
    elementCapacity: [...elementCapacity.values()],
    materialContents: toContentTable(contents),
  };
}

/** Element contents as a plain table, dropping elements a material does not contain. */
function toContentTable(
  contents: ReadonlyMap<string, Partial<Record<ElementSymbol, number>>>,
): Record<string, Record<string, number>> {
  const table: Record<string, Record<string, number>> = {};
  for (const [material, content] of contents) {
    const row: Record<string, number> = {};
    for (const element of ELEMENT_SYMBOLS) {
      const value = content[element];
      if (value !== undefined && value !== 0) row[element] = value;
    }
    table[material] = row;
  }
  return table;
}
