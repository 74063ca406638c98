/**
 * The models a coordination dividend plans, each a copy of the model (parsed, never mutated):
 * the joint model with its investments fixed (an LP, for shadow prices), a region's model alone
 * (the others only as markets at the price signals), and the decentralised outcome (the joint
 * model with trade between regions capped at what both sides wanted). docs/coordinate.md.
 */
import { modelSchema, monthsPerPeriod, type Model } from '../../model/index.js';
import type { PlanResult } from '../../plan/index.js';
import type { Regions } from './regions.js';

/** Capacity of a market supply on another region's node, t/yr: larger than any flow, small enough for the solver. */
const MARKET_CAPACITY = 1e7;
/**
 * USD/t by which a region planning alone prefers trading with another region to its own
 * alternatives at the same price (buying is that much cheaper, selling that much dearer): at the
 * joint plan's shadow prices every trade is a tie, and an arbitrary tie-break would decide it.
 */
export const TIE_BREAK = 0.01;
/** Id of the market supply process put on another region's node, per material. */
export const MARKET_PROCESS_PREFIX = 'market:';
/** Id prefix of the sink on which a region sells to the others, `trade:<material>@<node>`. */
export const TRADE_SINK_PREFIX = 'trade:';

/** A price signal per node and material, USD/t: what a tonne trades for at that node. */
export type Prices = ReadonlyMap<string, number>;
export const toPriceKey = (node: string, material: string): string => `${node}|${material}`;

/** A route that links two regions, with the materials it may carry. */
export interface TradeRoute {
  route: string;
  from: string;
  to: string;
  seller: string;
  buyer: string;
  materials: string[];
  /** Transport cost, USD/t. */
  cost: number;
}

/** The parts of a model copy these functions edit; the copy is parsed again with `modelSchema`. */
interface Editable {
  facilities: { id: string; operator?: string; processes: unknown[]; storage?: unknown }[];
  routes: { id: string; from: string; to: string; capacity?: number }[];
  demands: { id: string; node: string }[];
  sinks: { id: string; node?: string; material: string; kind: string; price: number }[];
  stockpiles: { node: string }[];
  projects: { id: string; facility: string; decision: string }[];
  policies: { kind: string; consumer?: { demands?: string[] } }[];
}

const copy = (model: Model): Editable => structuredClone(model) as unknown as Editable;

/** The routes between regions; a route without a material list carries what the joint plan shipped on it. */
export function toTradeRoutes(model: Model, regions: Regions, joint: PlanResult): TradeRoute[] {
  return model.routes.flatMap((r) => {
    const seller = regions.regionOf.get(r.from) ?? '';
    const buyer = regions.regionOf.get(r.to) ?? '';
    if (seller === buyer) return [];
    const shipped = [...new Set(joint.flows.filter((f) => f.route === r.id).map((f) => f.material))];
    return [
      {
        route: r.id,
        from: r.from,
        to: r.to,
        seller,
        buyer,
        materials: r.materials ?? shipped.sort(),
        cost: r.cost,
      },
    ];
  });
}

/** The model with every project decided as the joint plan decided it: an LP whose balance duals are prices. */
export function withProjectsFixed(model: Model, joint: PlanResult): Model {
  const input = copy(model);
  const built = new Map(joint.projects.map((p) => [p.project, p.built]));
  for (const p of input.projects) p.decision = built.get(p.id) ? 'committed' : 'excluded';
  return modelSchema.parse(input);
}

/**
 * Region `region` planning alone. Its facilities, demands, sinks, stockpiles and projects are kept;
 * every other facility stays as a bare node (no processes, storage or operator, so no quota of
 * another region reaches it). What it may buy from another region, on a route into it, appears on
 * the seller's node as a market supply at the price there (`market:<material>`, stage component);
 * what it may sell to another region it sells on its own node at the price there. It pays the
 * transport of what it buys (trade is priced where the goods leave). Shared limits (quotas, market
 * sizes) apply to the region as if it had them alone.
 */
export function toRegionModel(
  model: Model,
  regions: Regions,
  region: string,
  trade: readonly TradeRoute[],
  prices: Prices,
): Model {
  const input = copy(model);
  const inside = (node: string | undefined): boolean =>
    node === undefined || regions.regionOf.get(node) === region;
  const supplies = new Map<string, Set<string>>();
  const sales = new Map<string, Set<string>>();
  for (const t of trade) {
    const into = t.buyer === region ? supplies : t.seller === region ? sales : undefined;
    const node = t.from;
    for (const m of t.materials)
      if (into && prices.has(toPriceKey(node, m))) into.set(node, (into.get(node) ?? new Set()).add(m));
  }
  const price = (node: string, m: string): number => Math.max(0, prices.get(toPriceKey(node, m)) ?? 0);
  const buyAt = (node: string, m: string): number => Math.max(0, price(node, m) - TIE_BREAK);
  for (const f of input.facilities) {
    if (inside(f.id)) continue;
    delete f.operator;
    delete f.storage;
    f.processes = [...(supplies.get(f.id) ?? [])].sort().map((m) => ({
      id: `${MARKET_PROCESS_PREFIX}${m}`,
      stage: 'component',
      outputs: { [m]: 1 },
      reference: m,
      capacity: MARKET_CAPACITY,
      cost: buyAt(f.id, m),
    }));
  }
  const buying = new Set(trade.filter((t) => t.buyer === region).map((t) => t.route));
  input.routes = input.routes.filter((r) => (inside(r.from) && inside(r.to)) || buying.has(r.id));
  const demands = new Set(input.demands.filter((d) => inside(d.node)).map((d) => d.id));
  input.demands = input.demands.filter((d) => demands.has(d.id));
  input.sinks = input.sinks.filter((s) => inside(s.node));
  for (const [node, materials] of [...sales].sort(([a], [b]) => a.localeCompare(b)))
    for (const m of [...materials].sort())
      input.sinks.push({
        id: `${TRADE_SINK_PREFIX}${m}@${node}`,
        node,
        material: m,
        kind: 'sell',
        price: price(node, m) + TIE_BREAK,
      } as never);
  input.stockpiles = input.stockpiles.filter((s) => inside(s.node));
  for (const p of input.projects) if (!inside(p.facility)) p.decision = 'excluded';
  input.policies = input.policies.filter(
    (p) => p.kind !== 'share-cap' || (p.consumer?.demands ?? []).every((d) => demands.has(d)),
  );
  return modelSchema.parse(input);
}

/**
 * The decentralised outcome: the joint model where each route between regions carries at most the
 * trade both sides wanted, `Σ_m f[r,m,t] ≤ agreed[r]` as a yearly rate (the horizon's agreed tonnes
 * spread evenly). Each region then runs its own facilities around that trade.
 */
export function withTradeCapped(model: Model, agreed: ReadonlyMap<string, number>): Model {
  const input = copy(model);
  const years = (model.horizon.periods * monthsPerPeriod(model.horizon)) / 12;
  for (const r of input.routes) {
    const tonnes = agreed.get(r.id);
    if (tonnes === undefined) continue;
    const rate = tonnes / years;
    r.capacity = r.capacity === undefined ? rate : Math.min(r.capacity, rate);
  }
  return modelSchema.parse(input);
}
