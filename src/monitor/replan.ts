/**
 * Closing the loop: a copy of the model that starts from the measured state. Measured
 * inventories become opening stock (stockpiles at their facility, drawn freely), capacity lost to
 * maintenance becomes outages in the periods it fell in, measured yields rescale process recipes
 * (separation: the recovery), and the horizon starts at the current period. The model given is
 * never changed; the result is parsed through `modelSchema`, so it is a valid Model.
 */
import { modelSchema, periodLabels, resolveProcesses, type Model } from '../model/index.js';
import { periodBounds, toPeriodLabel } from './plan-vs-actual.js';

export interface MeasuredInventory {
  facility: string;
  material: string;
  tonnes: number;
  time: number;
}

/** Downtime of a process: [start, end) in epoch ms and the share of capacity left meanwhile. */
export interface MeasuredDowntime {
  facility: string;
  process: string;
  start: number;
  end: number;
  availability: number;
}

/** Measured output per unit of input for one process (Σ output t / Σ input t of the named materials). */
export interface MeasuredYield {
  facility: string;
  process: string;
  output: string;
  input: string;
  outputTonnes: number;
  inputTonnes: number;
}

export interface MeasuredState {
  inventories: MeasuredInventory[];
  downtime: MeasuredDowntime[];
  yields: MeasuredYield[];
}

/** One change made to the model, for the user to read. */
export interface ReplanChange {
  kind: 'horizon' | 'inventory' | 'outage' | 'yield';
  target: string;
  detail: string;
}

export interface MeasuredModel {
  model?: Model;
  changes: ReplanChange[];
  /** Zod messages when the modified model did not parse (a bug, or measurements out of range). */
  errors: string[];
}

/**
 * Builds the model to re-plan from, as of `asOf`.
 *
 * @example const { model, changes } = toMeasuredModel(model, measured, {asOf: clock()}); await plan(model, {solver})
 */
export function toMeasuredModel(
  model: Model,
  measured: MeasuredState,
  options: { asOf: number },
): MeasuredModel {
  const changes: ReplanChange[] = [];
  const labels = periodLabels(model.horizon);
  const current = toPeriodLabel(model.horizon, options.asOf);
  const startIndex = current === undefined ? 0 : labels.indexOf(current);
  const horizon = {
    ...model.horizon,
    start: labels[startIndex] ?? model.horizon.start,
    periods: model.horizon.periods - startIndex,
  };
  if (startIndex > 0)
    changes.push({
      kind: 'horizon',
      target: 'horizon',
      detail: `starts at ${horizon.start} (${horizon.periods} periods left of ${model.horizon.periods})`,
    });

  const facilities = new Map(model.facilities.map((f) => [f.id, f]));
  const stockpiles = [...model.stockpiles];
  for (const inventory of measured.inventories) {
    const facility = facilities.get(inventory.facility);
    if (!facility || inventory.tonnes <= 0 || !model.materials.some((m) => m.id === inventory.material))
      continue;
    stockpiles.push({
      id: `measured:${inventory.facility}:${inventory.material}`,
      holder: facility.operator ?? facility.id,
      node: facility.id,
      material: inventory.material,
      level: inventory.tonnes,
      floor: 0,
    });
    changes.push({
      kind: 'inventory',
      target: `${inventory.facility}/${inventory.material}`,
      detail: `opening stock ${inventory.tonnes.toFixed(1)} t (measured ${new Date(inventory.time).toISOString()})`,
    });
  }

  // Capacity lost per process and period: Σ downtime × (1 − availability) / period length.
  const bounds = periodBounds(model.horizon);
  const lost = new Map<string, { facility: string; process: string; period: string; share: number }>();
  for (const down of measured.downtime) {
    for (const bound of bounds) {
      const overlap = Math.min(down.end, bound.end) - Math.max(down.start, bound.start);
      if (overlap <= 0) continue;
      const key = `${down.facility}/${down.process}@${bound.label}`;
      const entry = lost.get(key) ?? {
        facility: down.facility,
        process: down.process,
        period: bound.label,
        share: 0,
      };
      entry.share = Math.min(
        1,
        entry.share + (overlap / (bound.end - bound.start)) * (1 - down.availability),
      );
      lost.set(key, entry);
    }
  }
  const outages = [...model.outages];
  for (const entry of lost.values()) {
    const facility = facilities.get(entry.facility);
    if (!facility?.processes.some((p) => p.id === entry.process) || labels.indexOf(entry.period) < startIndex)
      continue;
    outages.push({
      facility: entry.facility,
      process: entry.process,
      start: entry.period,
      end: entry.period,
      availability: 1 - entry.share,
    });
    changes.push({
      kind: 'outage',
      target: `${entry.facility}/${entry.process}`,
      detail: `${(entry.share * 100).toFixed(1)}% of ${entry.period} capacity lost to maintenance`,
    });
  }

  const resolved = new Map(resolveProcesses(model).map((r) => [r.key, r]));
  const factors = new Map<string, { factor: number; output: string; input: string }>();
  for (const y of measured.yields) {
    const recipe = resolved.get(`${y.facility}/${y.process}`);
    const out = recipe?.outputs[y.output];
    const inp = recipe?.inputs[y.input];
    if (out === undefined || inp === undefined || out <= 0 || inp <= 0 || y.inputTonnes <= 0) continue;
    // measured (t out per t in) over planned (recipe out per recipe in).
    factors.set(`${y.facility}/${y.process}`, {
      factor: y.outputTonnes / y.inputTonnes / (out / inp),
      output: y.output,
      input: y.input,
    });
  }
  const newFacilities = model.facilities.map((facility) => ({
    ...facility,
    processes: facility.processes.map((process) => {
      const measuredFactor = factors.get(`${facility.id}/${process.id}`);
      if (!measuredFactor) return process;
      if (process.separation) {
        const recovery = process.separation.recovery;
        // A separation recipe is generated from the recovery, so the measured factor scales the recovery (capped at 1).
        const scale = (r: number): number => Math.min(1, r * measuredFactor.factor);
        const scaled =
          typeof recovery === 'number'
            ? scale(recovery)
            : Object.fromEntries(Object.entries(recovery).map(([k, v]) => [k, scale(v)]));
        changes.push({
          kind: 'yield',
          target: `${facility.id}/${process.id}`,
          detail: `recovery × ${measuredFactor.factor.toFixed(3)} from measured ${measuredFactor.output} per ${measuredFactor.input}`,
        });
        return { ...process, separation: { ...process.separation, recovery: scaled } };
      }
      changes.push({
        kind: 'yield',
        target: `${facility.id}/${process.id}`,
        detail: `outputs × ${measuredFactor.factor.toFixed(3)} (measured ${measuredFactor.output} per ${measuredFactor.input})`,
      });
      return {
        ...process,
        outputs: Object.fromEntries(
          Object.entries(process.outputs).map(([m, v]) => [m, v * measuredFactor.factor]),
        ),
      };
    }),
  }));

  const parsed = modelSchema.safeParse({ ...model, horizon, stockpiles, outages, facilities: newFacilities });
  if (!parsed.success)
    return { changes, errors: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) };
  return { model: parsed.data, changes, errors: [] };
}
