import { addNamedRow, toBalanceKey, type PlanContext } from './context.js';

/**
 * Material balance per facility, material and period:
 * `Σ_p out[p,m]·x[p,t] − Σ_p in[p,m]·x[p,t] + Σ_{r→n} f[r,m,t−lead] − Σ_{n→r} f[r,m,t]
 *  + s[n,m,t−1] − s[n,m,t] + draw − served − Σ sinks = −opening`, i.e. what is made or arrives is
 * used, shipped, stored, sold or disposed: nothing appears or vanishes. The dual is the value of
 * one more tonne of m at n in t (a nodal price).
 */
export function defineMaterialBalance(context: PlanContext): void {
  for (const key of context.balanceConstant.keys()) {
    const [node = '', material = ''] = key.split('|');
    const byMaterial = context.balance.get(node) ?? new Map<string, number[][]>();
    if (!byMaterial.has(material)) byMaterial.set(material, []);
    context.balance.set(node, byMaterial);
  }
  for (const [node, byMaterial] of context.balance) {
    for (const [material, byPeriod] of byMaterial) {
      const id = `${node}:${material}`;
      for (let t = 0; t < context.periods.length; t++) {
        const constant = context.balanceConstant.get(toBalanceKey(node, material, t)) ?? 0;
        const flat = byPeriod[t];
        if (!flat && constant === 0) continue;
        addNamedRow(
          context,
          { kind: 'balance', id, period: context.periods[t] ?? '', unit: 't' },
          { packed: flat ?? [] },
          {
            lower: -constant,
            upper: -constant,
          },
        );
      }
    }
  }
}
