import { addNamedRow, type PlanContext } from './context.js';

/**
 * Material balance per facility, material and period:
 * `Σ_p out[p,m]·x[p,t] − Σ_p in[p,m]·x[p,t] + Σ_{r→n} f[r,m,t−lead] − Σ_{n→r} f[r,m,t]
 *  + s[n,m,t−1] − s[n,m,t] + draw − served − Σ sinks = −opening`, i.e. what is made or arrives is
 * used, shipped, stored, sold or disposed: nothing appears or vanishes. The dual is the value of
 * one more tonne of m at n in t (a nodal price).
 */
export function defineMaterialBalance(context: PlanContext): void {
  const keys = [...new Set([...context.balance.keys(), ...context.balanceConstant.keys()])];
  for (const key of keys) {
    const [node = '', material = '', periodText = '0'] = key.split('|');
    const constant = context.balanceConstant.get(key) ?? 0;
    const terms = context.balance.get(key) ?? [];
    addNamedRow(
      context,
      { kind: 'balance', id: `${node}:${material}`, period: context.periods[Number(periodText)] ?? '', unit: 't' },
      terms,
      { lower: -constant, upper: -constant },
    );
  }
}
