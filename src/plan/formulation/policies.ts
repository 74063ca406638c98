import { activePeriods, expandElements, routeEmissions, type ElementSymbol } from '../../model/index.js';
import type { Term } from '../../solver/problem.js';
import {
  addCostTerm,
  addNamedRow,
  isFacilityWithin,
  isInScope,
  yearlyBlocks,
  type PlanContext,
} from './context.js';
import { isCoveredByExportControl } from './export-controls.js';

function elementReo(context: PlanContext, material: string, elements: readonly ElementSymbol[]): number {
  const content = context.contents.get(material) ?? {};
  return elements.reduce((sum, e) => sum + (content[e] ?? 0), 0);
}

/**
 * Quotas in t REO a year over the processes in scope, per yearly block of the validity window:
 * `Σ_{p∈scope, t∈year} reoOut[p]·x[p,t] ≤ limit · months in block / 12`. The dual is the value of
 * one more tonne of quota.
 */
export function defineQuotas(context: PlanContext): void {
  for (const policy of context.model.policies) {
    if (policy.kind !== 'quota') continue;
    const inScope = context.activities.filter(
      (a) => isInScope(context, a.process, policy.scope) && a.process.reoOut > 0,
    );
    for (const block of yearlyBlocks(context, policy)) {
      const terms = inScope
        .filter((a) => block.includes(a.period))
        .map((a): Term => [a.column, a.process.reoOut]);
      if (terms.length === 0) continue;
      addNamedRow(
        context,
        { kind: 'quota', id: policy.id, period: context.periods[block[0] ?? 0] ?? '', unit: 't REO' },
        terms,
        {
          upper: policy.limit * block.length * context.yearFraction,
        },
      );
    }
  }
}

/**
 * Export controls on flows leaving a jurisdiction with materials that contain the listed
 * elements: a ban, per period, `Σ_covered f[r,m,t] ≤ 0`; a cap, per year,
 * `Σ_covered content[m,E]·f[r,m,t] ≤ cap · months/12` (t REO of the listed elements). A licence
 * regime delays covered shipments (see defineFlows); its approval odds act in the simulator.
 */
export function defineExportControls(context: PlanContext): void {
  for (const policy of context.model.policies) {
    if (policy.kind !== 'export-control' || policy.mode === 'license') continue;
    const elements = expandElements(policy.elements);
    const covered = context.flows.filter((f) =>
      isCoveredByExportControl(context, policy, f.route, f.material),
    );
    if (policy.mode === 'ban') {
      const [first, last] = activePeriods(context.model.horizon, policy);
      for (let t = first; t <= last; t++) {
        const terms = covered.filter((f) => f.period === t).map((f): Term => [f.column, 1]);
        if (terms.length === 0) continue;
        addNamedRow(
          context,
          { kind: 'export-control', id: policy.id, period: context.periods[t] ?? '', unit: 't' },
          terms,
          { upper: 0 },
        );
      }
      continue;
    }
    for (const block of yearlyBlocks(context, policy)) {
      const terms = covered
        .filter((f) => block.includes(f.period))
        .map((f): Term => [f.column, elementReo(context, f.material, elements)]);
      if (terms.length === 0) continue;
      addNamedRow(
        context,
        {
          kind: 'export-control',
          id: policy.id,
          period: context.periods[block[0] ?? 0] ?? '',
          unit: 't REO',
        },
        terms,
        {
          upper: (policy.cap ?? 0) * block.length * context.yearFraction,
        },
      );
    }
  }
}

/**
 * Share caps: of the listed elements arriving at a consumer's nodes in period t, at most
 * `maxShare` may come from facilities in the capped jurisdiction (optionally: from facilities of
 * one stage): `Σ_{r: from∈J} e[m]·f − maxShare · Σ_r e[m]·f ≤ 0` over routes into the consumer's
 * nodes, with `e[m]` the t REO of the elements per tonne. This caps the direct supplier's
 * jurisdiction; multi-tier exposure is measured by the risk layer from the plan's flows.
 */
export function defineShareCaps(context: PlanContext): void {
  for (const policy of context.model.policies) {
    if (policy.kind !== 'share-cap') continue;
    const elements = expandElements(policy.elements);
    const demands = context.model.demands.filter(
      (d) =>
        (policy.consumer.demands?.includes(d.id) ?? false) ||
        (policy.consumer.jurisdiction !== undefined &&
          isFacilityWithin(context, d.node, policy.consumer.jurisdiction)),
    );
    const nodes = new Set(demands.map((d) => d.node));
    const stageOf = (facility: string): boolean =>
      policy.stage === undefined ||
      context.processes.some((p) => p.facility.id === facility && p.stage === policy.stage);
    const [first, last] = activePeriods(context.model.horizon, policy);
    for (let t = first; t <= last; t++) {
      const terms: Term[] = [];
      for (const f of context.flows) {
        if (f.period !== t || !nodes.has(f.route.to)) continue;
        const content = elementReo(context, f.material, elements);
        if (content === 0) continue;
        const fromCapped = isFacilityWithin(context, f.route.from, policy.through) && stageOf(f.route.from);
        terms.push([f.column, content * ((fromCapped ? 1 : 0) - policy.maxShare)]);
      }
      if (terms.length === 0) continue;
      addNamedRow(
        context,
        { kind: 'share-cap', id: policy.id, period: context.periods[t] ?? '', unit: 't REO' },
        terms,
        { upper: 0 },
      );
    }
  }
}

/** Emissions of processes in scope and of shipments leaving their facilities, per column. */
function emissionTermsInScope(
  context: PlanContext,
  scope: {
    jurisdiction?: string | undefined;
    operator?: string | undefined;
    stage?: string | undefined;
    facilities?: readonly string[] | undefined;
  },
): { column: number; period: number; tco2e: number }[] {
  const out: { column: number; period: number; tco2e: number }[] = [];
  for (const a of context.activities) {
    if (a.process.process.emissions > 0 && isInScope(context, a.process, scope)) {
      out.push({ column: a.column, period: a.period, tco2e: a.process.process.emissions });
    }
  }
  for (const f of context.flows) {
    const tco2e = routeEmissions(f.route);
    if (tco2e === 0) continue;
    const facility = context.facilities.get(f.route.from);
    if (!facility) continue;
    if (scope.jurisdiction !== undefined && !context.tree.within(facility.jurisdiction, scope.jurisdiction))
      continue;
    if (scope.operator !== undefined && facility.operator !== scope.operator) continue;
    if (scope.facilities !== undefined && !scope.facilities.includes(facility.id)) continue;
    if (scope.stage !== undefined) continue;
    out.push({ column: f.column, period: f.period, tco2e });
  }
  return out;
}

/** Emission caps per year: `Σ_scope emissions[p]·x[p,t] + Σ emissions[r]·f[r,m,t] ≤ limit · months/12`. */
export function defineEmissionCaps(context: PlanContext): void {
  for (const policy of context.model.policies) {
    if (policy.kind !== 'emission-cap') continue;
    const terms = emissionTermsInScope(context, policy.scope);
    for (const block of yearlyBlocks(context, policy)) {
      const inBlock = terms.filter((e) => block.includes(e.period)).map((e): Term => [e.column, e.tco2e]);
      if (inBlock.length === 0) continue;
      addNamedRow(
        context,
        { kind: 'emission-cap', id: policy.id, period: context.periods[block[0] ?? 0] ?? '', unit: 'tCO2e' },
        inBlock,
        {
          upper: policy.limit * block.length * context.yearFraction,
        },
      );
    }
  }
}

/** Carbon prices: `price · tCO2e` on every emitting activity and shipment in scope, in its active periods. */
export function defineCarbonPrices(context: PlanContext): void {
  for (const policy of context.model.policies) {
    if (policy.kind !== 'carbon-price') continue;
    const [first, last] = activePeriods(context.model.horizon, policy);
    for (const e of emissionTermsInScope(context, policy.scope)) {
      if (e.period >= first && e.period <= last)
        addCostTerm(context, e.column, 'carbon', policy.price * e.tco2e);
    }
  }
}

/**
 * Tariffs on flows entering a jurisdiction from outside it: `(rate · price[m] + perTonne) · f`
 * for covered materials (listed ids or kinds, or materials containing listed elements).
 */
export function defineTariffs(context: PlanContext): void {
  for (const policy of context.model.policies) {
    if (policy.kind !== 'tariff') continue;
    const elements = policy.elements ? expandElements(policy.elements) : undefined;
    const [first, last] = activePeriods(context.model.horizon, policy);
    for (const f of context.flows) {
      if (f.period < first || f.period > last) continue;
      if (
        !isFacilityWithin(context, f.route.to, policy.to) ||
        isFacilityWithin(context, f.route.from, policy.to)
      )
        continue;
      if (policy.from !== undefined && !isFacilityWithin(context, f.route.from, policy.from)) continue;
      const material = context.model.materials.find((m) => m.id === f.material);
      if (policy.materials && !policy.materials.some((x) => x === f.material || x === material?.kind))
        continue;
      if (elements && elementReo(context, f.material, elements) === 0) continue;
      addCostTerm(context, f.column, 'tariff', policy.rate * (material?.price ?? 0) + policy.perTonne);
    }
  }
}

/**
 * Capital budgets per year: `Σ_{j starting in the year} spend[j]·b[j] ≤ limit · months in block / 12`,
 * where spend is the capex, or the funder's share of the financing when the budget names a funder;
 * a budget that lists `projects` counts only those.
 */
export function defineBudgets(context: PlanContext): void {
  for (const policy of context.model.policies) {
    if (policy.kind !== 'budget') continue;
    for (const block of yearlyBlocks(context, policy)) {
      const terms: Term[] = [];
      for (const j of context.projects.values()) {
        if (!block.includes(j.startPeriod) || j.column === undefined) continue;
        if (policy.projects !== undefined && !policy.projects.includes(j.project.id)) continue;
        const spend =
          policy.funder === undefined
            ? j.project.capex
            : j.project.financing.filter((s) => s.source === policy.funder).reduce((a, s) => a + s.amount, 0);
        if (spend === 0) continue;
        terms.push([j.column, spend]);
      }
      if (terms.length === 0) continue;
      addNamedRow(
        context,
        { kind: 'budget', id: policy.id, period: context.periods[block[0] ?? 0] ?? '', unit: 'USD' },
        terms,
        {
          upper: policy.limit * block.length * context.yearFraction,
        },
      );
    }
  }
}
