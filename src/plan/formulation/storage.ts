import { fromDaysToPeriods, releaseTargets, type Stockpile } from '../../model/index.js';
import { addBalanceTerm, addCostTerm, addNamedRow, toBalanceKey, type PlanContext } from './context.js';

function holdingCost(context: PlanContext, material: string): number {
  return (context.model.materials.find((m) => m.id === material)?.holdingCost ?? 0) * context.yearFraction;
}

/**
 * Inventories at facilities with storage: `0 ≤ s[n,m,t] ≤ storage[n,m]`, starting empty; the
 * balance gains `s[n,m,t−1]` and loses `s[n,m,t]`. Holding cost: `holdingCost[m] · months/12 · s`.
 */
export function defineInventories(context: PlanContext): void {
  for (const facility of context.model.facilities) {
    for (const [material, capacity] of Object.entries(facility.storage)) {
      const columns: number[] = [];
      for (let t = 0; t < context.periods.length; t++) {
        const column = context.builder.addColumn(
          `inventory[${facility.id},${material},${context.periods[t]}]`,
          { upper: capacity },
        );
        columns.push(column);
        addCostTerm(context, column, 'holding', holdingCost(context, material));
        addBalanceTerm(context, facility.id, material, t, column, -1);
        addBalanceTerm(context, facility.id, material, t + 1, column, 1);
      }
      context.inventory.set(`${facility.id}|${material}`, columns);
    }
  }
}

/**
 * Stockpile levels `floor ≤ l[k,t] ≤ capacity`, opening at `level`; what is drawn,
 * `l[k,t−1] − l[k,t]`, supplies the balance of its node. Release and rebuild rates bound the
 * change per period: `l[t−1] − l[t] ≤ release·months/12`, `l[t] − l[t−1] ≤ rebuild·months/12`;
 * without a rebuild rule the level never rises. (Release triggers on cover days act in the simulator.)
 * A pooled stockpile (`releaseTo`) draws into its members' facilities instead: see {@link definePooledRelease}.
 */
export function defineStockpiles(context: PlanContext): void {
  for (const stockpile of context.model.stockpiles) {
    const columns: number[] = [];
    const upper = stockpile.capacity ?? Infinity;
    for (let t = 0; t < context.periods.length; t++) {
      const column = context.builder.addColumn(`stockpile[${stockpile.id},${context.periods[t]}]`, {
        lower: Math.min(stockpile.floor, stockpile.level),
        upper: Math.max(upper, stockpile.level),
      });
      columns.push(column);
      addCostTerm(context, column, 'holding', holdingCost(context, stockpile.material));
      if (stockpile.releaseTo !== undefined) continue;
      addBalanceTerm(context, stockpile.node, stockpile.material, t, column, -1);
      addBalanceTerm(context, stockpile.node, stockpile.material, t + 1, column, 1);
    }
    if (stockpile.releaseTo === undefined) {
      const key = toBalanceKey(stockpile.node, stockpile.material, 0);
      context.balanceConstant.set(key, (context.balanceConstant.get(key) ?? 0) + stockpile.level);
    } else definePooledRelease(context, stockpile, columns);
    const release = stockpile.release ? stockpile.release.rate * context.yearFraction : Infinity;
    const rebuild = stockpile.rebuild ? stockpile.rebuild.rate * context.yearFraction : 0;
    for (let t = 0; t < context.periods.length; t++) {
      const column = columns[t] ?? -1;
      const previous = columns[t - 1];
      const terms: [number, number][] =
        previous === undefined
          ? [[column, 1]]
          : [
              [column, 1],
              [previous, -1],
            ];
      const opening = previous === undefined ? stockpile.level : 0;
      addNamedRow(
        context,
        { kind: 'stockpile', id: stockpile.id, period: context.periods[t] ?? '', unit: 't' },
        terms,
        {
          lower: opening - release,
          upper: opening + rebuild,
        },
      );
    }
    context.stockpileLevel.set(stockpile.id, columns);
  }
}

/**
 * A pooled stockpile delivers only to its members: releases `q[k,n,t] ≥ 0` to each member
 * facility n that uses its material arrive in n's balance at `t + delivery`; a rebuild `b[k,t] ≥ 0`
 * leaves its own node's balance; the level follows `l[t−1] − l[t] = Σ_n q[k,n,t] − b[k,t]`
 * (`l[−1] = level`). A non-member is never served from it, whatever the routes.
 */
function definePooledRelease(context: PlanContext, stockpile: Stockpile, levels: readonly number[]): void {
  const lag = fromDaysToPeriods(stockpile.deliveryTime ?? 0, context.monthsPerPeriod);
  const targets = releaseTargets(context.model, stockpile);
  for (let t = 0; t < context.periods.length; t++) {
    const period = context.periods[t] ?? '';
    const terms: [number, number][] = [[levels[t] ?? -1, 1]];
    const previous = levels[t - 1];
    if (previous !== undefined) terms.push([previous, -1]);
    for (const to of t + lag < context.periods.length ? targets : []) {
      const column = context.builder.addColumn(`release[${stockpile.id},${to},${period}]`);
      addBalanceTerm(context, to, stockpile.material, t + lag, column, 1);
      context.stockpileReleases.push({ stockpile: stockpile.id, to, period: t, arrival: t + lag, column });
      terms.push([column, 1]);
    }
    if (stockpile.rebuild) {
      const column = context.builder.addColumn(`rebuild[${stockpile.id},${period}]`);
      addBalanceTerm(context, stockpile.node, stockpile.material, t, column, -1);
      terms.push([column, -1]);
    }
    const opening = previous === undefined ? stockpile.level : 0;
    addNamedRow(context, { kind: 'balance', id: `${stockpile.id}:stock`, period, unit: 't' }, terms, {
      lower: opening,
      upper: opening,
    });
  }
}
