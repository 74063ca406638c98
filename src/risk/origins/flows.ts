/**
 * The flows of a run as links between pools, per period: what enters each (facility, material)
 * pool (same-period shipments and process outputs), what each process consumes, shipments that
 * arrive in a later period, closing stocks and stockpiles' opening levels.
 */
import type { FlowsView } from '../types.js';

/** Something entering a pool in the same period. */
export interface PoolSource {
  kind: 'pool' | 'process' | 'origin';
  /** Pool index (same period) for 'pool'; process index for 'process'. */
  ref: number;
  /** Material tonnes entering. */
  tonnes: number;
  material: string;
}

/** Material a process consumes from a pool. */
export interface ProcessInput {
  pool: number;
  tonnes: number;
  material: string;
}

/** A shipment that arrives in a later period than it leaves. */
export interface LaterArrival {
  t: number;
  to: number;
  fromPool: number;
  departure: number;
  tonnes: number;
  material: string;
}

/** A stockpile's opening level in the first period. */
export interface StockOrigin {
  holder: string;
  node: string;
  tonnes: number;
  material: string;
}

/** The flows of a run indexed by pool and process, per period index. */
export interface TraceFlows {
  periodOf: Map<string, number>;
  poolIndex: Map<string, number>;
  poolKeys: { node: string; material: string }[];
  processKeys: { key: string; facility: string; stage: string }[];
  /** [t]: pool → what enters it in period t. */
  poolSources: Map<number, PoolSource[]>[];
  /** [t]: process → what it consumes in period t. */
  processInputs: Map<number, ProcessInput[]>[];
  laterArrivals: LaterArrival[];
  /** [t]: pool → closing stock, t. */
  closing: Map<number, number>[];
  /** pool → stockpiles' opening levels (first period). */
  stockOrigins: Map<number, StockOrigin[]>;
}

/** Appends `value` to the list under `key`. */
export function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Indexes the flows of a run by pool and process, per period. */
export function indexFlows(view: FlowsView): TraceFlows {
  const periods = view.periods;
  const periodOf = new Map(periods.map((p, i) => [p, i]));
  const poolIndex = new Map<string, number>();
  const poolKeys: { node: string; material: string }[] = [];
  const pool = (node: string, material: string): number => {
    const key = `${node}|${material}`;
    let i = poolIndex.get(key);
    if (i === undefined) {
      i = poolKeys.length;
      poolKeys.push({ node, material });
      poolIndex.set(key, i);
    }
    return i;
  };
  const processIndex = new Map<string, number>();
  const processKeys: { key: string; facility: string; stage: string }[] = [];
  const processOf = (key: string, facility: string, stage: string): number => {
    let i = processIndex.get(key);
    if (i === undefined) {
      i = processKeys.length;
      processKeys.push({ key, facility, stage });
      processIndex.set(key, i);
    }
    return i;
  };

  const T = periods.length;
  const poolSources: Map<number, PoolSource[]>[] = Array.from({ length: T }, () => new Map());
  const processInputs: Map<number, ProcessInput[]>[] = Array.from({ length: T }, () => new Map());
  const laterArrivals: LaterArrival[] = [];
  const closing: Map<number, number>[] = Array.from({ length: T }, () => new Map());
  const stockOrigins = new Map<number, StockOrigin[]>();

  for (const p of view.production) {
    const t = periodOf.get(p.period);
    if (t === undefined || p.tonnes <= 0) continue;
    const k = processOf(p.process, p.facility, p.stage);
    pushTo(poolSources[t] as Map<number, PoolSource[]>, pool(p.facility, p.material), {
      kind: 'process',
      ref: k,
      tonnes: p.tonnes,
      material: p.material,
    });
  }
  for (const c of view.consumption) {
    const t = periodOf.get(c.period);
    if (t === undefined || c.tonnes <= 0) continue;
    const k = processOf(c.process, c.facility, c.stage);
    pushTo(processInputs[t] as Map<number, ProcessInput[]>, k, {
      pool: pool(c.facility, c.material),
      tonnes: c.tonnes,
      material: c.material,
    });
  }
  for (const s of view.shipments) {
    const departure = periodOf.get(s.period);
    const arrival = periodOf.get(s.arrival);
    if (departure === undefined || arrival === undefined || s.tonnes <= 0) continue;
    const from = pool(s.from, s.material);
    const to = pool(s.to, s.material);
    if (arrival === departure)
      pushTo(poolSources[arrival] as Map<number, PoolSource[]>, to, {
        kind: 'pool',
        ref: from,
        tonnes: s.tonnes,
        material: s.material,
      });
    else
      laterArrivals.push({
        t: arrival,
        to,
        fromPool: from,
        departure,
        tonnes: s.tonnes,
        material: s.material,
      });
  }
  for (const s of view.stocks) {
    const t = periodOf.get(s.period);
    if (t === undefined) continue;
    const i = pool(s.node, s.material);
    const map = closing[t] as Map<number, number>;
    map.set(i, (map.get(i) ?? 0) + s.tonnes);
    if (s.opening !== undefined && s.opening > 0 && t === 0)
      pushTo(stockOrigins, i, { holder: s.holder, node: s.node, tonnes: s.opening, material: s.material });
  }
  return {
    periodOf,
    poolIndex,
    poolKeys,
    processKeys,
    poolSources,
    processInputs,
    laterArrivals,
    closing,
    stockOrigins,
  };
}
