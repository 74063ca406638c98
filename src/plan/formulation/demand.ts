import { addBalanceTerm, addCostTerm, addNamedRow, yearlyBlocks, type PlanContext } from './context.js';

/** Tonnes a demand requires in period t: `quantity · months/12 · profile[t]`. */
export function requiredInPeriod(
  context: PlanContext,
  demand: { quantity: number; profile?: number[] | undefined },
  t: number,
): number {
  return demand.quantity * context.yearFraction * (demand.profile?.[t] ?? 1);
}

/**
 * Demand per period: `served[d,t] + Σ_s sub[d,s,t] + unmet[d,t] = required[d,t]`, with served
 * material and substitutes (at `ratio` tonnes each) drawn from the node's balance,
 * `sub[d,s,t] ≤ maxShare[s]·required[d,t]`, unmet at its value `unmetCost[d]` and substitutes at their extra cost.
 * The row's dual is the marginal cost of supplying one more tonne to that consumer.
 */
export function defineDemand(context: PlanContext): void {
  for (const demand of context.model.demands) {
    const served: number[] = [];
    const unmet: number[] = [];
    for (let t = 0; t < context.periods.length; t++) {
      const required = requiredInPeriod(context, demand, t);
      const label = context.periods[t] ?? '';
      const s = context.builder.addColumn(`served[${demand.id},${label}]`);
      const u = context.builder.addColumn(`unmet[${demand.id},${label}]`);
      served.push(s);
      unmet.push(u);
      addCostTerm(context, u, 'unmet', demand.unmetCost);
      addBalanceTerm(context, demand.node, demand.material, t, s, -1);
      const terms: [number, number][] = [
        [s, 1],
        [u, 1],
      ];
      demand.substitutes.forEach((substitute, k) => {
        const v = context.builder.addColumn(`substitute[${demand.id},${substitute.material},${label}]`, {
          upper: substitute.maxShare * required,
        });
        const key = `${demand.id}|${k}`;
        const list = context.substituted.get(key) ?? [];
        list[t] = v;
        context.substituted.set(key, list);
        addCostTerm(context, v, 'substitution', substitute.cost);
        addBalanceTerm(context, demand.node, substitute.material, t, v, -substitute.ratio);
        terms.push([v, 1]);
      });
      addNamedRow(context, { kind: 'demand', id: demand.id, period: label, unit: 't' }, terms, {
        lower: required,
        upper: required,
      });
    }
    context.served.set(demand.id, served);
    context.unmet.set(demand.id, unmet);
  }
}

/** Where a sink's own cost is reported: a sale's handling nets against its revenue. */
const SINK_COST_CATEGORY = { sell: 'sales', store: 'storage', dispose: 'disposal' } as const;

/**
 * Sinks take surplus at their node (or at any facility where the material can be):
 * `z[k,n,t] ≥ 0` leaves the balance, earning `price` (sell) or costing `cost` (store, dispose);
 * a limit caps each year: `Σ_{n, t∈year} z[k,n,t] ≤ limit[k] · months in year / 12`.
 */
export function defineSinks(context: PlanContext): void {
  for (const sink of context.model.sinks) {
    const nodes =
      sink.node !== undefined
        ? [sink.node]
        : context.model.facilities
            .filter((f) => context.present.get(f.id)?.has(sink.material))
            .map((f) => f.id);
    const columnsByPeriod: number[][] = context.periods.map(() => []);
    for (const node of nodes) {
      for (let t = 0; t < context.periods.length; t++) {
        const column = context.builder.addColumn(`sink[${sink.id},${node},${context.periods[t]}]`);
        context.sinkUse.push({ sink: sink.id, node, material: sink.material, period: t, column });
        columnsByPeriod[t]?.push(column);
        if (sink.kind === 'sell') addCostTerm(context, column, 'sales', -sink.price);
        addCostTerm(context, column, SINK_COST_CATEGORY[sink.kind], sink.cost);
        addBalanceTerm(context, node, sink.material, t, column, -1);
      }
    }
    if (sink.limit === undefined || nodes.length === 0) continue;
    for (const block of yearlyBlocks(context, {})) {
      const terms = block.flatMap((t) => (columnsByPeriod[t] ?? []).map((c): [number, number] => [c, 1]));
      addNamedRow(
        context,
        { kind: 'sink-limit', id: sink.id, period: context.periods[block[0] ?? 0] ?? '', unit: 't' },
        terms,
        {
          upper: sink.limit * block.length * context.yearFraction,
        },
      );
    }
  }
}
