/**
 * Invariants recomputed from a plan result and its model, independently of the LP rows that
 * produced it: material balances, capacities, recipe yields, demand accounting, quotas, export
 * bans, stockpile and cost totals, environmental indicators. A correct plan has no violations; tests run this on every plan.
 */
import {
  activePeriods,
  createJurisdictionTree,
  containsAny,
  expandElements,
  materialContents,
  monthsPerPeriod,
  periodIndex,
  releaseTargets,
  resolveProcesses,
  routeEmissions,
  sumElements,
  type Model,
  type ResolvedProcess,
} from '../model/index.js';
import { ENVIRONMENT_INDICATORS } from './environment.js';
import type { PlanResult } from './result.js';
import { verifyOfftakes } from './verify-offtakes.js';
import type { Violation } from './violation.js';

export type { Violation } from './violation.js';

export interface VerifyOptions {
  /** Absolute tolerance in tonnes (or USD for costs), scaled up by the size of the quantities. Default 1e-5. */
  tolerance?: number;
}

function add(map: Map<string, number>, key: string, value: number): void {
  map.set(key, (map.get(key) ?? 0) + value);
}

/** Checks a plan result against its model; returns every violation found (none for a correct plan). */
export function verifyPlan(model: Model, result: PlanResult, options: VerifyOptions = {}): Violation[] {
  if (result.status !== 'optimal' && result.status !== 'time-limit') return [];
  const tol = options.tolerance ?? 1e-5;
  const near = (a: number, b: number): boolean =>
    Math.abs(a - b) <= tol * (1 + Math.max(Math.abs(a), Math.abs(b)));
  const out: Violation[] = [];
  const contents = materialContents(model);
  const processes = new Map<string, ResolvedProcess>(
    resolveProcesses(model, contents).map((p) => [p.key, p]),
  );
  const facilities = new Map(model.facilities.map((f) => [f.id, f]));
  for (const project of model.projects) {
    const facility = facilities.get(project.facility);
    if (project.process && facility) {
      for (const p of resolveProcesses(
        { ...model, facilities: [{ ...facility, processes: [project.process] }] },
        contents,
      ))
        processes.set(p.key, p);
    }
  }
  const periods = result.periods;
  const t = (label: string): number => periods.indexOf(label);
  const yearFraction = monthsPerPeriod(model.horizon) / 12;
  const balance = new Map<string, number>();
  const key = (node: string, material: string, period: number): string => `${node}|${material}|${period}`;

  // Recipes: what activity consumes and makes, recomputed from the model's recipes.
  const produced = new Map<string, number>();
  for (const a of result.activity) {
    if (a.activity < -tol)
      out.push({
        code: 'NEGATIVE',
        message: `activity of ${a.process} in ${a.period} is ${a.activity}`,
        amount: -a.activity,
      });
    const p = processes.get(a.process);
    if (!p) continue;
    for (const [m, q] of Object.entries(p.outputs)) {
      add(balance, key(p.facility.id, m, t(a.period)), q * a.activity);
      add(produced, `${a.process}|${m}|${a.period}`, q * a.activity);
    }
    for (const [m, q] of Object.entries(p.inputs))
      add(balance, key(p.facility.id, m, t(a.period)), -q * a.activity);
  }
  for (const row of result.production) {
    const expected = produced.get(`${row.process}|${row.material}|${row.period}`) ?? 0;
    if (!near(row.tonnes, expected))
      out.push({
        code: 'YIELD',
        message: `${row.process} made ${row.tonnes} t of ${row.material} in ${row.period}; its recipe gives ${expected}`,
        amount: Math.abs(row.tonnes - expected),
      });
  }

  for (const f of result.flows) {
    if (f.tonnes < -tol)
      out.push({ code: 'NEGATIVE', message: `flow on ${f.route} is ${f.tonnes}`, amount: -f.tonnes });
    add(balance, key(f.from, f.material, t(f.period)), -f.tonnes);
    add(balance, key(f.to, f.material, t(f.arrival)), f.tonnes);
  }
  for (const s of result.sinks) add(balance, key(s.node, s.material, t(s.period)), -s.tonnes);
  for (const i of result.inventories) {
    add(balance, key(i.node, i.material, t(i.period)), -i.tonnes);
    if (t(i.period) + 1 < periods.length) add(balance, key(i.node, i.material, t(i.period) + 1), i.tonnes);
  }
  for (const stockpile of model.stockpiles) {
    let previous = stockpile.level;
    const releases = (result.releases ?? []).filter((r) => r.stockpile === stockpile.id);
    const targets = new Set(releaseTargets(model, stockpile));
    for (const r of releases) {
      add(balance, key(r.to, stockpile.material, t(r.arrival)), r.tonnes);
      if (!targets.has(r.to))
        out.push({
          code: 'STOCKPILE',
          message: `${stockpile.id} releases ${r.tonnes} t to ${r.to}, not a facility of its members (${(stockpile.releaseTo ?? []).join(', ') || 'none: it releases at its node'}) that uses ${stockpile.material}`,
          amount: r.tonnes,
        });
    }
    for (const row of result.stockpiles.filter((s) => s.stockpile === stockpile.id)) {
      const drawn = previous - row.level;
      if (stockpile.releaseTo === undefined)
        add(balance, key(stockpile.node, stockpile.material, t(row.period)), drawn);
      else {
        // A pooled stock's draw goes to its releases; what is left is a rebuild from its own node.
        const released = releases.filter((r) => r.period === row.period).reduce((a, r) => a + r.tonnes, 0);
        const rebuilt = released - drawn;
        add(balance, key(stockpile.node, stockpile.material, t(row.period)), -rebuilt);
        if (rebuilt < -tol * (1 + released))
          out.push({
            code: 'STOCKPILE',
            message: `${stockpile.id} falls by ${drawn} t in ${row.period} but releases only ${released} t to its members`,
            amount: -rebuilt,
          });
      }
      if (row.level < Math.min(stockpile.floor, stockpile.level) - tol)
        out.push({
          code: 'STOCKPILE',
          message: `${stockpile.id} falls to ${row.level} t below its floor ${stockpile.floor} t in ${row.period}`,
          amount: stockpile.floor - row.level,
        });
      previous = row.level;
    }
  }
  const demandById = new Map(model.demands.map((d) => [d.id, d]));
  for (const d of result.demand) {
    const demand = demandById.get(d.demand);
    if (!near(d.served + d.substituted + d.unmet, d.required)) {
      out.push({
        code: 'DEMAND',
        message: `${d.demand} in ${d.period}: served ${d.served} + substituted ${d.substituted} + unmet ${d.unmet} ≠ required ${d.required}`,
        amount: Math.abs(d.served + d.substituted + d.unmet - d.required),
      });
    }
    const expected = (demand?.quantity ?? 0) * yearFraction * (demand?.profile?.[t(d.period)] ?? 1);
    if (!near(d.required, expected))
      out.push({
        code: 'DEMAND',
        message: `${d.demand} requires ${d.required} t in ${d.period}; the model says ${expected}`,
        amount: Math.abs(d.required - expected),
      });
    add(balance, key(d.node, d.material, t(d.period)), -d.served);
  }
  // Substitutes draw their own material; the result reports only their total, so balances of
  // substitute materials are checked only when a demand has a single substitute.
  for (const d of result.demand) {
    const demand = demandById.get(d.demand);
    const only = demand?.substitutes.length === 1 ? demand.substitutes[0] : undefined;
    if (only) add(balance, key(d.node, only.material, t(d.period)), -d.substituted * only.ratio);
  }
  const skip = new Set<string>(
    model.demands
      .filter((d) => d.substitutes.length > 1)
      .flatMap((d) => d.substitutes.map((s) => `${d.node}|${s.material}`)),
  );
  for (const [k, residual] of balance) {
    const [node = '', material = ''] = k.split('|');
    if (skip.has(`${node}|${material}`)) continue;
    if (Math.abs(residual) > tol * 100)
      out.push({
        code: 'BALANCE',
        message: `material balance of ${material} at ${node} in period ${periods[Number(k.split('|')[2])]} is off by ${residual} t`,
        amount: Math.abs(residual),
      });
  }

  // Capacities, recomputed from the model (plus built projects).
  const built = new Set(result.projects.filter((p) => p.built).map((p) => p.project));
  for (const a of result.activity) {
    const p = processes.get(a.process);
    if (!p) continue;
    const period = t(a.period);
    let capacity =
      a.project === undefined ? p.process.capacity : built.has(a.project) ? p.process.capacity : 0;
    for (const project of model.projects) {
      if (
        !built.has(project.id) ||
        project.facility !== p.facility.id ||
        project.expands?.process !== p.process.id
      )
        continue;
      const online = result.projects.find((r) => r.project === project.id)?.onlinePeriod;
      if (online !== undefined && period >= t(online)) capacity += project.expands.capacity;
    }
    let outage = 1;
    for (const o of model.outages) {
      if (o.facility !== p.facility.id || (o.process !== undefined && o.process !== p.process.id)) continue;
      const first = periodIndex(model.horizon, o.start);
      const last = o.end === undefined ? Infinity : periodIndex(model.horizon, o.end);
      if (period >= first && period <= last) outage = Math.min(outage, o.availability);
    }
    const limit = capacity * p.process.availability * outage * yearFraction;
    const used = a.activity * p.capacityPerActivity;
    if (used > limit + tol * (1 + limit))
      out.push({
        code: 'CAPACITY',
        message: `${a.process} uses ${used} t of ${limit} t capacity in ${a.period}`,
        amount: used - limit,
      });
  }
  for (const route of model.routes) {
    if (
      route.capacity === undefined ||
      model.projects.some((j) => j.route?.id === route.id && built.has(j.id))
    )
      continue;
    const perPeriod = new Map<string, number>();
    for (const f of result.flows) if (f.route === route.id) add(perPeriod, f.period, f.tonnes);
    for (const [period, tonnes] of perPeriod) {
      const limit = route.capacity * yearFraction;
      if (tonnes > limit + tol * (1 + limit))
        out.push({
          code: 'ROUTE_CAPACITY',
          message: `${route.id} carries ${tonnes} t of ${limit} t in ${period}`,
          amount: tonnes - limit,
        });
    }
  }

  // Policies.
  const tree = createJurisdictionTree(model);
  const jurisdictionOf = (facility: string): string => facilities.get(facility)?.jurisdiction ?? '';
  for (const policy of model.policies) {
    if (policy.kind === 'quota') {
      const [first, last] = activePeriods(model.horizon, policy);
      const perYear = Math.max(1, Math.round(12 / monthsPerPeriod(model.horizon)));
      for (let start = first; start <= last; start += perYear) {
        const end = Math.min(last, start + perYear - 1);
        let reo = 0;
        for (const row of result.production) {
          const p = processes.get(row.process);
          const period = t(row.period);
          if (!p || period < start || period > end) continue;
          const s = policy.scope;
          if (s.jurisdiction !== undefined && !tree.within(p.facility.jurisdiction, s.jurisdiction)) continue;
          if (s.operator !== undefined && p.facility.operator !== s.operator) continue;
          if (s.stage !== undefined && p.stage !== s.stage) continue;
          if (s.facilities !== undefined && !s.facilities.includes(p.facility.id)) continue;
          reo += row.tonnes * sumElements(contents.get(row.material) ?? {});
        }
        const limit = policy.limit * (end - start + 1) * yearFraction;
        if (reo > limit + tol * (1 + limit))
          out.push({
            code: 'QUOTA',
            message: `quota ${policy.id}: ${reo} t REO made, limit ${limit}`,
            amount: reo - limit,
          });
      }
    }
    if (policy.kind === 'export-control' && policy.mode === 'ban') {
      const [first, last] = activePeriods(model.horizon, policy);
      const elements = expandElements(policy.elements);
      for (const f of result.flows) {
        const period = t(f.period);
        if (period < first || period > last) continue;
        const fromJ = jurisdictionOf(f.from);
        const toJ = jurisdictionOf(f.to);
        if (!tree.within(fromJ, policy.from) || tree.within(toJ, policy.from)) continue;
        if (policy.to && !policy.to.some((j) => tree.within(toJ, j))) continue;
        if (policy.exempt.some((j) => tree.within(toJ, j))) continue;
        const material = model.materials.find((m) => m.id === f.material);
        if (policy.materials && !policy.materials.some((x) => x === f.material || x === material?.kind))
          continue;
        if (containsAny(contents.get(f.material) ?? {}, elements))
          out.push({
            code: 'EXPORT_BAN',
            message: `${f.tonnes} t of ${f.material} leave ${policy.from} on ${f.route} in ${f.period} despite ban ${policy.id}`,
            amount: f.tonnes,
          });
      }
    }
  }

  // Costs add up.
  const { total, ...categories } = result.costs;
  const sum = Object.values(categories).reduce((a, b) => a + b, 0);
  if (!near(sum, total))
    out.push({
      code: 'COST_TOTAL',
      message: `cost categories sum to ${sum}, total says ${total}`,
      amount: Math.abs(sum - total),
    });
  if (
    result.objective.kind === 'cost' &&
    result.objective.value !== undefined &&
    !near(result.objective.value, total)
  ) {
    out.push({
      code: 'COST_TOTAL',
      message: `objective ${result.objective.value} ≠ total cost ${total}`,
      amount: Math.abs(result.objective.value - total),
    });
  }

  // Environmental indicators: Σ factor[p]·activity + Σ emissions[r]·tonnes, and the country and
  // stage tables each add up to the total.
  const routes = new Map(model.routes.map((r) => [r.id, r]));
  const expected = { energy: 0, emissions: 0, water: 0, residue: 0 };
  for (const a of result.activity) {
    const p = processes.get(a.process)?.process;
    if (p) for (const i of ENVIRONMENT_INDICATORS) expected[i] += p[i] * a.activity;
  }
  for (const f of result.flows) {
    const route = routes.get(f.route);
    expected.emissions += (route ? routeEmissions(route) : 0) * f.tonnes;
  }
  const environment = result.environment;
  for (const i of ENVIRONMENT_INDICATORS) {
    const sums: [string, number][] = [
      ['activity and shipments', expected[i]],
      ['the countries', environment.byCountry.reduce((a, r) => a + r[i], 0)],
      ['the stages', environment.byStage.reduce((a, r) => a + r[i], 0)],
    ];
    for (const [what, value] of sums)
      if (!near(value, environment.total[i]))
        out.push({
          code: 'ENVIRONMENT',
          message: `${i}: ${what} give ${value}, the total says ${environment.total[i]}`,
          amount: Math.abs(value - environment.total[i]),
        });
  }
  out.push(...verifyOfftakes(model, result, tol));
  return out;
}
