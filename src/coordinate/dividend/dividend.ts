/**
 * The coordination dividend (issue 15 item 9): how much better the model does planned as one
 * system than as regions that each plan their own facilities and trade with the others at price
 * signals. A single deterministic pass, docs/coordinate.md §"The value of coordination":
 *
 * 1. the joint plan (the ordinary plan); with its investments fixed it is an LP whose balance duals
 *    are the shadow price of each material at each node (their mean over the periods);
 * 2. each region plans alone against those prices (or the model's market prices): it buys on routes
 *    into it at the price where the goods leave, and sells what others may take on its own nodes;
 * 3. trade happens where both sides wanted it: on each route, min(what the buyer wanted, what the
 *    seller offered at the route's origin, shared among its routes in id order);
 * 4. the decentralised outcome is the joint model with that trade as the most each route carries.
 *
 * The outcome is a feasible plan of the joint model, so the joint plan costs at most as much; that is
 * checked, and a breach is an error, not a number.
 */
import type { Model } from '../../model/index.js';
import { plan, type PlanResult } from '../../plan/index.js';
import type { Solver } from '../../solver/index.js';
import { CoordinateError } from '../errors.js';
import { toRegionAccounts } from './accounts.js';
import {
  toPriceKey,
  toRegionModel,
  TRADE_SINK_PREFIX,
  toTradeRoutes,
  withProjectsFixed,
  withTradeCapped,
  type Prices,
  type TradeRoute,
} from './regional-model.js';
import { toRegions, type RegionBasis } from './regions.js';
import type { DividendRegion, DividendResult, RegionAccount, TradeRow } from './result.js';
import { definedFields } from '../../defined-fields.js';

export type DividendPrices = 'shadow' | 'market';

export interface DividendOptions {
  solver: Solver;
  /** How facilities form regions. Default: jurisdictions at the shallowest level with two or more. */
  regions?: RegionBasis;
  /** The price signal regions trade at. Default `shadow`: the joint plan's nodal prices. */
  prices?: DividendPrices;
  /** The scenario already applied to `model`, for the label. */
  scenario?: string;
  /** Relative MIP gap of every plan; small, so the invariant is not lost in the gap. Default 1e-7. */
  mipGap?: number;
  timeLimitSeconds?: number;
  onProgress?: (step: string) => void;
}

const ASSUMPTIONS = [
  'Regions partition the facilities; each plans its own facilities, demands, sinks, stockpiles and projects.',
  "A region sees the others only as markets: it buys on a route into it at the price on the route's origin node and pays the transport; it sells what another region may take on its own node at the price there.",
  'Shared limits (a quota or market that spans regions) look whole to each region planning alone; the decentralised outcome respects them.',
  "One pass, no iteration: each buyer's wish for a material is filled from the sellers' offers, cheapest delivered first; the agreed tonnes, spread evenly over the horizon, are the most a route carries, and each region then runs its facilities around that trade.",
  'At equal prices a region prefers trading with another region (0.01 USD/t tie-break), since at shadow prices every trade is a tie.',
  'Goods crossing regions are settled at the same prices in the joint plan and in the decentralised outcome; costs no facility carries (holding, tariffs, carbon, capital) are unattributed.',
];

/** Mean over the periods of each node and material's balance dual (a period without a dual counts 0). */
function toShadowPrices(result: PlanResult): Map<string, number> {
  const sums = new Map<string, number>();
  for (const d of result.duals)
    if (d.kind === 'balance') {
      const at = d.id.lastIndexOf(':');
      const key = toPriceKey(d.id.slice(0, at), d.id.slice(at + 1));
      sums.set(key, (sums.get(key) ?? 0) + d.value);
    }
  const periods = Math.max(1, result.periods.length);
  return new Map([...sums].map(([k, v]) => [k, v / periods]));
}

/** The model's highest sell price of each traded material; a material no sink prices keeps its shadow price. */
function toMarketPrices(model: Model, trade: readonly TradeRoute[], shadow: Prices): Map<string, number> {
  const market = new Map<string, number>();
  for (const s of model.sinks)
    if (s.kind === 'sell') market.set(s.material, Math.max(market.get(s.material) ?? 0, s.price));
  const out = new Map(shadow);
  for (const t of trade)
    for (const m of t.materials) {
      const price = market.get(m);
      if (price !== undefined) out.set(toPriceKey(t.from, m), price);
    }
  return out;
}

/** Tonnes over the horizon each route carries in a plan. */
const tonnesByRoute = (result: PlanResult): Map<string, number> => {
  const out = new Map<string, number>();
  for (const f of result.flows) out.set(f.route, (out.get(f.route) ?? 0) + f.tonnes);
  return out;
};

/**
 * Agreed trade per route. Each buyer node's wish for a material (what arrives there from other
 * regions in its plan alone) is filled from the offers at the origins of the routes into it,
 * cheapest delivered first (price at the origin + transport, then route id): the buyer does not
 * mind which seller at the same delivered price.
 */
function agreeTrade(
  trade: readonly TradeRoute[],
  alone: ReadonlyMap<string, PlanResult>,
  prices: Prices,
): { rows: Omit<TradeRow, 'joint' | 'decentralised'>[]; agreed: Map<string, number> } {
  const offers = new Map<string, number>();
  for (const result of alone.values())
    for (const s of result.sinks)
      if (s.sink.startsWith(TRADE_SINK_PREFIX)) {
        const key = toPriceKey(s.node, s.material);
        offers.set(key, (offers.get(key) ?? 0) + s.tonnes);
      }
  const offered = new Map(offers);
  const byRoute = new Map(trade.map((t) => [t.route, t]));
  const wants = new Map<string, number>();
  const wantedOn = new Map<string, number>();
  for (const t of trade)
    for (const f of alone.get(t.buyer)?.flows ?? [])
      if (f.route === t.route && t.materials.includes(f.material)) {
        const key = toPriceKey(t.to, f.material);
        wants.set(key, (wants.get(key) ?? 0) + f.tonnes);
        wantedOn.set(t.route, (wantedOn.get(t.route) ?? 0) + f.tonnes);
      }
  const agreed = new Map(trade.map((t) => [t.route, 0]));
  for (const [key, want] of [...wants].sort(([a], [b]) => a.localeCompare(b))) {
    const [node = '', material = ''] = key.split('|');
    const delivered = (t: TradeRoute): number => (prices.get(toPriceKey(t.from, material)) ?? 0) + t.cost;
    const routes = trade
      .filter((t) => t.to === node && t.materials.includes(material))
      .sort((a, b) => delivered(a) - delivered(b) || a.route.localeCompare(b.route));
    let left = want;
    for (const t of routes) {
      const origin = toPriceKey(t.from, material);
      const take = Math.min(left, offers.get(origin) ?? 0);
      offers.set(origin, (offers.get(origin) ?? 0) - take);
      agreed.set(t.route, (agreed.get(t.route) ?? 0) + take);
      left -= take;
    }
  }
  const rows = [...agreed.keys()].sort().map((route) => {
    const t = byRoute.get(route) as TradeRoute;
    return {
      route,
      seller: t.seller,
      buyer: t.buyer,
      wanted: wantedOn.get(route) ?? 0,
      offered: t.materials.reduce((a, m) => a + (offered.get(toPriceKey(t.from, m)) ?? 0), 0),
      agreed: agreed.get(route) ?? 0,
    };
  });
  return { rows, agreed };
}

/**
 * Side payments after the joint plan: every region that loses (gain < 0) is paid its loss, by the
 * gainers in proportion to their gains; they suffice when the gains cover the losses.
 */
function toTransfers(gains: ReadonlyMap<string, number>): {
  transfers: Map<string, number>;
  suffice: boolean;
} {
  const losses = [...gains.values()].filter((g) => g < 0).reduce((a, g) => a - g, 0);
  const positive = [...gains.values()].filter((g) => g > 0).reduce((a, g) => a + g, 0);
  const transfers = new Map<string, number>();
  for (const [region, g] of gains)
    transfers.set(region, (g < 0 ? -g : positive > 0 ? -losses * (g / positive) : 0) || 0); // no -0
  return { transfers, suffice: positive >= losses };
}

const sumRecords = (records: Record<string, number>[]): Record<string, number> => {
  const out: Record<string, number> = {};
  for (const r of records) for (const [k, v] of Object.entries(r)) out[k] = (out[k] ?? 0) + v;
  return out;
};

function toTotals(result: PlanResult, accounts: readonly RegionAccount[], unattributed: number) {
  return {
    cost: result.costs.total,
    emissions: result.emissions,
    unmetTonnes: result.shortfall.reduce((a, s) => a + s.tonnes, 0),
    outputReo: sumRecords(accounts.map((a) => a.outputReo)),
    quotaUse: sumRecords(accounts.map((a) => a.quotaUse)),
    unattributed,
  };
}

/**
 * Measures the coordination dividend of a checked model (any scenario already applied).
 *
 * @example const d = await measureDividend(model, { solver, regions: { by: 'jurisdiction', level: 2 } }); d.dividend
 */
export async function measureDividend(model: Model, options: DividendOptions): Promise<DividendResult> {
  const { solver, onProgress } = options;
  const mipGap = options.mipGap ?? 1e-7;
  const regions = toRegions(model, options.regions ?? { by: 'jurisdiction' });
  const priceKind = options.prices ?? 'shadow';
  let solves = 0;
  const solve = async (m: Model, label: string): Promise<PlanResult> => {
    onProgress?.(label);
    solves += 1;
    const result = await plan(m, {
      solver,
      mipGap,
      ...definedFields({ timeLimitSeconds: options.timeLimitSeconds }),
    });
    if (result.status !== 'optimal')
      throw new CoordinateError(
        'DIVIDEND_NOT_OPTIMAL',
        `the ${label} ended ${result.status}${result.message ? ` (${result.message})` : ''}; the dividend needs optimal plans: check the model with 'reeflow plan' first`,
      );
    return result;
  };
  const joint = await solve(model, 'joint plan');
  const priced =
    joint.stats.integers > 0
      ? await solve(withProjectsFixed(model, joint), 'joint plan, investments fixed')
      : joint;
  const trade = toTradeRoutes(model, regions, joint);
  const shadow = toShadowPrices(priced);
  const prices = priceKind === 'market' ? toMarketPrices(model, trade, shadow) : shadow;
  const alone = new Map<string, PlanResult>();
  for (const region of regions.members.keys())
    alone.set(
      region,
      await solve(toRegionModel(model, regions, region, trade, prices), `plan of ${region} alone`),
    );
  const { rows, agreed } = agreeTrade(trade, alone, prices);
  const outcome = await solve(withTradeCapped(model, agreed), 'decentralised outcome');
  const tolerance = Math.max(
    1,
    (mipGap + 1e-7) * Math.max(Math.abs(joint.costs.total), Math.abs(outcome.costs.total)),
  );
  if (joint.costs.total > outcome.costs.total + tolerance)
    throw new CoordinateError(
      'DIVIDEND_INVARIANT',
      `the decentralised outcome (${outcome.costs.total.toFixed(0)} USD) is cheaper than the joint plan (${joint.costs.total.toFixed(0)} USD), which cannot be: the joint plan can do whatever the regions do`,
    );
  const jointSplit = toRegionAccounts(model, regions, joint, prices);
  const outcomeSplit = toRegionAccounts(model, regions, outcome, prices);
  const gains = new Map(
    [...regions.members.keys()].map((r) => [
      r,
      (outcomeSplit.accounts.get(r)?.cost ?? 0) - (jointSplit.accounts.get(r)?.cost ?? 0),
    ]),
  );
  const { transfers, suffice } = toTransfers(gains);
  const regionRows: DividendRegion[] = [...regions.members].map(([region, facilities]) => ({
    region,
    facilities,
    joint: jointSplit.accounts.get(region) as RegionAccount,
    decentralised: outcomeSplit.accounts.get(region) as RegionAccount,
    alonePlanned: alone.get(region)?.costs.total ?? 0,
    gain: gains.get(region) ?? 0,
    transfer: transfers.get(region) ?? 0,
  }));
  const jointTonnes = tonnesByRoute(joint);
  const outcomeTonnes = tonnesByRoute(outcome);
  const notes: string[] = [];
  if (priced !== joint)
    notes.push(
      'the joint plan decides projects (a MIP): prices are the duals of the joint plan with its investments fixed',
    );
  const unmet = (r: PlanResult): [number, number] => [
    r.shortfall.reduce((a, x) => a + x.tonnes, 0),
    r.shortfall.reduce((a, x) => a + x.value, 0),
  ];
  const [jointShort, jointValue] = unmet(joint);
  const [aloneShort, aloneValue] = unmet(outcome);
  if (aloneShort > jointShort + 0.5)
    notes.push(
      `${Math.round(aloneShort - jointShort).toLocaleString('en-US')} t more demand goes unmet when the regions plan alone; at the demands' value of unmet demand that is ${Math.round(aloneValue - jointValue).toLocaleString('en-US')} USD of the dividend`,
    );
  return {
    model: model.name,
    ...definedFields({ scenario: options.scenario }),
    basis: regions.basis,
    prices: priceKind,
    joint: toTotals(joint, [...jointSplit.accounts.values()], jointSplit.unattributed),
    decentralised: toTotals(outcome, [...outcomeSplit.accounts.values()], outcomeSplit.unattributed),
    dividend: Math.max(0, outcome.costs.total - joint.costs.total),
    regions: regionRows,
    trade: rows.map((r) => ({
      ...r,
      joint: jointTonnes.get(r.route) ?? 0,
      decentralised: outcomeTonnes.get(r.route) ?? 0,
    })),
    transfersSuffice: suffice,
    assumptions: [...ASSUMPTIONS],
    notes,
    solves,
  };
}
