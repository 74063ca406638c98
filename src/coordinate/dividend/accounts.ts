/**
 * Each region's share of a plan: what its facilities cost, put out and emit, and what it pays
 * other regions for goods at the price signals. Read from the plan's tables (activity × the
 * process's cost and emissions, flows × the route's, sinks, shortfall); whatever the tables do not
 * charge to a facility stays unattributed, so the regions plus the rest add up to the plan's total.
 */
import {
  createJurisdictionTree,
  resolveProcesses,
  routeEmissions,
  type Model,
  type ResolvedProcess,
} from '../../model/index.js';
import type { PlanResult } from '../../plan/index.js';
import type { RegionAccount } from './result.js';
import { toPriceKey, type Prices } from './regional-model.js';
import type { Regions } from './regions.js';

const emptyAccount = (): RegionAccount => ({
  cost: 0,
  operating: 0,
  transport: 0,
  sinks: 0,
  unmet: 0,
  trade: 0,
  outputReo: {},
  served: 0,
  unmetTonnes: 0,
  emissions: 0,
  quotaUse: {},
});

const add = (record: Record<string, number>, key: string, value: number): void => {
  record[key] = (record[key] ?? 0) + value;
};

/** Quotas each process counts against (the planner's scope rule: jurisdiction, operator, stage, facilities). */
function quotasOf(model: Model, processes: readonly ResolvedProcess[]): Map<string, string[]> {
  const tree = createJurisdictionTree(model);
  const out = new Map<string, string[]>();
  for (const policy of model.policies) {
    if (policy.kind !== 'quota') continue;
    const scope = policy.scope;
    for (const p of processes) {
      if (scope.jurisdiction !== undefined && !tree.within(p.facility.jurisdiction, scope.jurisdiction))
        continue;
      if (scope.operator !== undefined && p.facility.operator !== scope.operator) continue;
      if (scope.stage !== undefined && p.stage !== scope.stage) continue;
      if (scope.facilities !== undefined && !scope.facilities.includes(p.facility.id)) continue;
      if (p.reoOut > 0) out.set(p.key, [...(out.get(p.key) ?? []), policy.id]);
    }
  }
  return out;
}

/**
 * Splits a plan of the whole model into region accounts, with goods crossing between regions
 * settled at `prices` at the node they leave (the buyer pays the transport).
 *
 * @example toRegionAccounts(model, regions, joint, prices).accounts.get('CN-GS')?.cost
 */
export function toRegionAccounts(
  model: Model,
  regions: Regions,
  result: PlanResult,
  prices: Prices,
): { accounts: Map<string, RegionAccount>; unattributed: number } {
  const accounts = new Map([...regions.members.keys()].map((r) => [r, emptyAccount()]));
  const of = (facility: string): RegionAccount | undefined =>
    accounts.get(regions.regionOf.get(facility) ?? '');
  const processes = resolveProcesses(model);
  const byKey = new Map(processes.map((p) => [p.key, p]));
  const quotas = quotasOf(model, processes);
  for (const row of result.activity) {
    const key = row.process; // the process key, `facility/process`
    const p = byKey.get(key);
    const account = of(row.facility);
    if (!p || !account) continue;
    account.operating += row.activity * p.process.cost;
    account.emissions += row.activity * p.process.emissions;
    for (const quota of quotas.get(key) ?? []) add(account.quotaUse, quota, row.activity * p.reoOut);
  }
  for (const row of result.production) {
    const account = of(row.facility);
    if (account) add(account.outputReo, row.stage, row.reo);
  }
  const routes = new Map(model.routes.map((r) => [r.id, r]));
  for (const flow of result.flows) {
    const route = routes.get(flow.route);
    const buyer = of(flow.to);
    const seller = of(flow.from);
    if (!route || !buyer || !seller) continue;
    buyer.transport += flow.tonnes * route.cost;
    buyer.emissions += flow.tonnes * routeEmissions(route);
    if (buyer === seller) continue;
    const payment = flow.tonnes * Math.max(0, prices.get(toPriceKey(flow.from, flow.material)) ?? 0);
    buyer.trade += payment;
    seller.trade -= payment;
  }
  const sinks = new Map(model.sinks.map((s) => [s.id, s]));
  for (const row of result.sinks) {
    const sink = sinks.get(row.sink);
    const account = of(row.node);
    if (sink && account) account.sinks += row.tonnes * (sink.cost - (sink.kind === 'sell' ? sink.price : 0));
  }
  for (const row of result.demand) {
    const account = of(row.node);
    if (!account) continue;
    account.served += row.served + row.substituted;
    account.unmetTonnes += row.unmet;
  }
  for (const row of result.shortfall) {
    const account = of(row.node);
    if (account) account.unmet += row.value;
  }
  let charged = 0;
  for (const account of accounts.values()) {
    account.cost = account.operating + account.transport + account.sinks + account.unmet + account.trade;
    charged += account.cost;
  }
  return { accounts, unattributed: result.costs.total - charged };
}
