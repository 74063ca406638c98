/**
 * What each kind of figure computes from a planned baseline: shares, HHI, tonnages, element mix,
 * import reliance, trade flows and end-use shares from the plan; prices, quotas and export-control
 * lists from the model. Pure: the caller plans and passes the result in.
 */
import {
  applyScenario,
  expandElements,
  ELEMENT_SYMBOLS,
  toDidYouMean,
  type ElementSymbol,
  type IssuePath,
  type Model,
} from '../model/index.js';
import type { PlanResult } from '../plan/index.js';
import {
  createRiskNetwork,
  facilityInfo,
  fromPlanResult,
  herfindahl,
  importReliance,
  type FlowsView,
  type RiskNetwork,
} from '../risk/index.js';
import type { Compute } from './schema.js';

/** The model as loaded (with its scenarios), the model as planned, and its plan. */
export interface CalibrationInput {
  base: Model;
  planned: Model;
  result: PlanResult;
}

/** A computed value, or why there is none (a reference the model does not have). */
export type Computed =
  | { value: number | string[]; note?: string }
  | { missing: { field: IssuePath; message: string; fix?: string } };

/** Everything the figures share, indexed once per calibration run. */
export interface ComputeContext extends CalibrationInput {
  network: RiskNetwork;
  view: FlowsView;
  /** Years the horizon spans, to turn horizon totals into t a year. */
  years: number;
  kindOf: Map<string, string>;
}

const MONTHS: Record<string, number> = { month: 1, quarter: 3, year: 12 };

export function createComputeContext(input: CalibrationInput): ComputeContext {
  const network = createRiskNetwork(input.planned);
  const months = MONTHS[input.planned.horizon.step] ?? 1;
  return {
    ...input,
    network,
    view: fromPlanResult(input.result, network),
    years: (input.result.periods.length * months) / 12,
    kindOf: new Map(input.planned.materials.map((m) => [m.id, m.kind])),
  };
}

const symbolsOf = (names: readonly string[] | undefined): ElementSymbol[] =>
  names ? expandElements(names) : [...ELEMENT_SYMBOLS];

/** t REO of `symbols` in one tonne of `material`. */
function reoPerTonne(ctx: ComputeContext, material: string, symbols: readonly ElementSymbol[]): number {
  const content = ctx.network.contents.get(material) ?? {};
  let sum = 0;
  for (const s of symbols) sum += content[s] ?? 0;
  return sum;
}

interface OutputFilter {
  stage: string;
  elements?: readonly string[] | undefined;
  materialKinds?: readonly string[] | undefined;
  basis?: 'reo' | 'tonnes';
}

/** The stage's outputs that hold the elements, measured, with the facility's info. */
function outputs(ctx: ComputeContext, filter: OutputFilter) {
  const symbols = symbolsOf(filter.elements);
  const rows = [];
  for (const p of ctx.view.production) {
    if (p.stage !== filter.stage) continue;
    if (filter.materialKinds && !filter.materialKinds.includes(ctx.kindOf.get(p.material) ?? '')) continue;
    const reo = reoPerTonne(ctx, p.material, symbols) * p.tonnes;
    if (reo <= 0) continue;
    rows.push({
      info: facilityInfo(ctx.network, p.facility),
      amount: filter.basis === 'tonnes' ? p.tonnes : reo,
      reo,
      p,
    });
  }
  return rows;
}

const holderOf = (
  by: 'country' | 'jurisdiction' | 'operator',
  info: { country: string; jurisdiction: string; operator: string },
) => info[by];

function byHolder(
  ctx: ComputeContext,
  compute: OutputFilter & { by: 'country' | 'jurisdiction' | 'operator' },
) {
  const totals = new Map<string, number>();
  for (const row of outputs(ctx, compute)) {
    const holder = holderOf(compute.by, row.info);
    totals.set(holder, (totals.get(holder) ?? 0) + row.amount);
  }
  return totals;
}

const sum = (values: Iterable<number>): number => {
  let total = 0;
  for (const v of values) total += v;
  return total;
};

/** Ids a reference may name, by what it names, for "unknown" messages with a suggestion. */
function known(
  ctx: ComputeContext,
  what: 'jurisdiction' | 'operator' | 'facility' | 'material' | 'sector' | 'scenario',
): string[] {
  const model = what === 'scenario' ? ctx.base : ctx.planned;
  switch (what) {
    case 'jurisdiction':
      return model.jurisdictions.map((j) => j.id);
    case 'operator':
      return [...new Set([...ctx.network.facilities.values()].map((f) => f.operator))];
    case 'facility':
      return model.facilities.map((f) => f.id);
    case 'material':
      return model.materials.map((m) => m.id);
    case 'sector':
      return [...new Set(model.demands.flatMap((d) => (d.sector === undefined ? [] : [d.sector])))];
    case 'scenario':
      return model.scenarios.map((s) => s.id);
  }
}

/** The first reference of `refs` the model does not have, as a `missing` result. */
function firstUnknown(
  ctx: ComputeContext,
  refs: readonly [
    field: IssuePath,
    value: string | readonly string[] | undefined,
    what: Parameters<typeof known>[1],
  ][],
): Computed | undefined {
  for (const [field, value, what] of refs) {
    if (value === undefined) continue;
    const ids = known(ctx, what);
    const list = typeof value === 'string' ? [value] : value;
    const at = list.findIndex((v) => !ids.includes(v));
    const bad = list[at];
    if (bad !== undefined)
      return {
        missing: {
          field: typeof value === 'string' ? field : [...field, at],
          message: `unknown ${what} '${bad}'`,
          fix: toDidYouMean(bad, ids, `${what}s`),
        },
      };
  }
  return undefined;
}

/** The policies in force: the planned model's, or a scenario's applied to the base model. */
function policiesOf(ctx: ComputeContext, scenario: string | undefined): Model['policies'] | Computed {
  if (scenario === undefined) return ctx.planned.policies;
  const unknown = firstUnknown(ctx, [[['scenario'], scenario, 'scenario']]);
  if (unknown) return unknown;
  const applied = applyScenario(ctx.base, scenario);
  if (!applied.model)
    return {
      missing: {
        field: ['scenario'],
        message: `scenario '${scenario}' does not apply cleanly`,
        fix: 'run reeflow validate on the model',
      },
    };
  return applied.model.policies;
}

function policy(
  ctx: ComputeContext,
  compute: { policy: string; scenario?: string | undefined },
  kind: string,
) {
  const policies = policiesOf(ctx, compute.scenario);
  if (!Array.isArray(policies)) return policies as Computed;
  const found = policies.find((p) => p.id === compute.policy && p.kind === kind);
  if (found) return found;
  const ids = policies.filter((p) => p.kind === kind).map((p) => p.id);
  return {
    missing: {
      field: ['policy'],
      message: `no ${kind} policy '${compute.policy}'${compute.scenario ? ` in scenario '${compute.scenario}'` : ''}`,
      fix: toDidYouMean(compute.policy, ids, `${kind} policies`),
    },
  } satisfies Computed;
}

const percent = (part: number, whole: number): number => (whole > 0 ? (100 * part) / whole : 0);

/** Computes one figure's model value. */
export function computeFigure(ctx: ComputeContext, compute: Compute): Computed {
  switch (compute.kind) {
    case 'share': {
      const what = compute.by === 'operator' ? 'operator' : 'jurisdiction';
      const unknown = firstUnknown(ctx, [[['holder'], compute.holder, what]]);
      if (unknown) return unknown;
      const totals = byHolder(ctx, compute);
      return { value: percent(totals.get(compute.holder) ?? 0, sum(totals.values())) };
    }
    case 'hhi':
      return { value: herfindahl([...byHolder(ctx, compute).values()]) };
    case 'tonnage': {
      const unknown = firstUnknown(ctx, [
        [['country'], compute.country, 'jurisdiction'],
        [['operator'], compute.operator, 'operator'],
        [['facility'], compute.facility, 'facility'],
      ]);
      if (unknown) return unknown;
      const rows = outputs(ctx, compute).filter(
        (r) =>
          (compute.country === undefined || ctx.network.tree.within(r.info.jurisdiction, compute.country)) &&
          (compute.operator === undefined || r.info.operator === compute.operator) &&
          (compute.facility === undefined || r.info.id === compute.facility),
      );
      return { value: sum(rows.map((r) => r.amount)) / ctx.years };
    }
    case 'composition': {
      const unknown = firstUnknown(ctx, [
        [['country'], compute.country, 'jurisdiction'],
        [['facility'], compute.facility, 'facility'],
      ]);
      if (unknown) return unknown;
      const keep = (r: ReturnType<typeof outputs>[number]): boolean =>
        (compute.country === undefined || ctx.network.tree.within(r.info.jurisdiction, compute.country)) &&
        (compute.facility === undefined || r.info.id === compute.facility);
      const part = outputs(ctx, compute).filter(keep);
      const whole = outputs(ctx, { ...compute, elements: undefined }).filter(keep);
      return { value: percent(sum(part.map((r) => r.reo)), sum(whole.map((r) => r.reo))) };
    }
    case 'import-reliance':
      return importRelianceOf(ctx, compute);
    case 'price': {
      const unknown = firstUnknown(ctx, [[['material'], compute.material, 'material']]);
      if (unknown) return unknown;
      const price = ctx.planned.materials.find((m) => m.id === compute.material)?.price;
      return price === undefined
        ? {
            missing: {
              field: ['material'],
              message: `material '${compute.material}' has no price in the model`,
              fix: 'give it a price',
            },
          }
        : { value: price };
    }
    case 'quota': {
      const found = policy(ctx, compute, 'quota');
      return 'kind' in found && found.kind === 'quota' ? { value: found.limit } : (found as Computed);
    }
    case 'export-control': {
      const found = policy(ctx, compute, 'export-control');
      return 'kind' in found && found.kind === 'export-control'
        ? { value: expandElements(found.elements) }
        : (found as Computed);
    }
    case 'trade-flow':
      return tradeFlow(ctx, compute);
    case 'end-use-share':
      return endUseShare(ctx, compute);
  }
}

function importRelianceOf(
  ctx: ComputeContext,
  compute: Extract<Compute, { kind: 'import-reliance' }>,
): Computed {
  const unknown = firstUnknown(ctx, [
    [['jurisdiction'], compute.jurisdiction, 'jurisdiction'],
    [['materials'], compute.materials, 'material'],
  ]);
  if (unknown) return unknown;
  const byKind = compute.materialKind !== undefined;
  const rows = importReliance(ctx.view, ctx.network, {
    jurisdictions: [compute.jurisdiction],
    group: byKind ? 'kind' : 'material',
    ...(byKind
      ? { materials: [compute.materialKind as string] }
      : compute.materials
        ? { materials: compute.materials }
        : {}),
  }).values;
  if (rows.length === 0) return { value: 0, note: 'no imports or exports in the plan' };
  // Several materials count together: USGS's net over their sum, not an average of shares.
  const net = sum(rows.map((r) => r.imports - r.exports - r.stockIncrease));
  const consumption = sum(rows.map((r) => r.production)) + net;
  return net > 0 && consumption > 1e-9
    ? { value: percent(net, consumption) }
    : { value: 0, note: 'net exporter' };
}

function tradeFlow(ctx: ComputeContext, compute: Extract<Compute, { kind: 'trade-flow' }>): Computed {
  const unknown = firstUnknown(ctx, [
    [['from'], compute.from, 'jurisdiction'],
    [['to'], compute.to, 'jurisdiction'],
    [['materials'], compute.materials, 'material'],
  ]);
  if (unknown) return unknown;
  const symbols = symbolsOf(compute.elements);
  const within = (facility: string, j: string): boolean =>
    ctx.network.tree.within(facilityInfo(ctx.network, facility).jurisdiction, j);
  let total = 0;
  for (const f of ctx.result.flows) {
    if (!within(f.from, compute.from) || within(f.to, compute.from)) continue;
    if (compute.to !== undefined && !within(f.to, compute.to)) continue;
    if (compute.materials && !compute.materials.includes(f.material)) continue;
    if (
      compute.materialKinds &&
      !(compute.materialKinds as readonly string[]).includes(ctx.kindOf.get(f.material) ?? '')
    )
      continue;
    const reo = reoPerTonne(ctx, f.material, symbols) * f.tonnes;
    if (reo <= 0) continue;
    total += compute.basis === 'tonnes' ? f.tonnes : reo;
  }
  return { value: total / ctx.years };
}

function endUseShare(ctx: ComputeContext, compute: Extract<Compute, { kind: 'end-use-share' }>): Computed {
  const unknown = firstUnknown(ctx, [
    [['sectors'], compute.sectors, 'sector'],
    [['materials'], compute.materials, 'material'],
  ]);
  if (unknown) return unknown;
  const sectorOf = new Map(ctx.planned.demands.map((d) => [d.id, d.sector]));
  const symbols = symbolsOf(compute.elements);
  let part = 0;
  let whole = 0;
  for (const d of ctx.result.demand) {
    const amount = compute.materials
      ? compute.materials.includes(d.material)
        ? d.required
        : 0
      : d.required * reoPerTonne(ctx, d.material, symbols);
    whole += amount;
    const sector = sectorOf.get(d.demand);
    if (sector !== undefined && compute.sectors.includes(sector)) part += amount;
  }
  return { value: percent(part, whole) };
}
