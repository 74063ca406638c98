/**
 * A summary of a model for `reeflow inspect`: counts, capacity by stage and jurisdiction, and the
 * element content of capacity. Effective capacity is capacity × availability: what a process can
 * put out in a year, in t REO for mining and separation (their default capacity basis).
 */
import { ELEMENT_SYMBOLS, type ElementSymbol } from './elements.js';
import { createJurisdictionTree, materialContents, resolveProcesses } from './derive.js';
import { TABLES, type Model } from './model.js';

export interface CapacityRow {
  stage: string;
  /** Top-level jurisdiction (country). */
  jurisdiction: string;
  /** Capacity on each process's reference flow, t/yr. */
  capacity: number;
  /** capacity × availability, t/yr. */
  effective: number;
  /** Share of the stage's effective capacity. */
  share: number;
  /** t REO/yr of outputs at effective capacity. */
  reoOutput: number;
}

export interface ModelSummary {
  name: string;
  horizon: { start: string; periods: number; step: string };
  counts: Record<string, number>;
  processes: number;
  capacity: CapacityRow[];
  /** t REO/yr of each element in each stage's outputs at effective capacity. */
  elementCapacity: { stage: string; element: ElementSymbol; reoOutput: number }[];
  /** t REO-equivalent per tonne of each material, by element (only elements it contains). */
  materialContents: Record<string, Record<string, number>>;
}

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
