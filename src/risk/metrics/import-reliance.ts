/**
 * Net import reliance as USGS defines it (Mineral Commodity Summaries, "Net import reliance as a
 * percentage of apparent consumption"):
 *
 *   apparent consumption  AC  = production + imports − exports − stock increase
 *   net import reliance   NIR = (imports − exports − stock increase) / AC
 *
 * Imports and exports are shipments crossing the jurisdiction's border (origin outside and
 * destination inside, or the reverse); a re-export (imported, then shipped out unchanged) counts
 * in both, so it cancels in the net and never inflates reliance. A net exporter (net imports
 * ≤ 0) is flagged `netExporter` and given NIR 0, as USGS prints "E" instead of a negative share.
 */
import { facilityInfo, type RiskNetwork } from '../network.js';
import type { FlowsView, Metric, MetricRow } from '../types.js';

export interface ImportRelianceOptions {
  /** Jurisdictions to report (any level); every country with activity when omitted. */
  jurisdictions?: readonly string[];
  /** Per material id (default) or per material kind (t REO, e.g. all oxides together). */
  group?: 'material' | 'kind';
  /** Only these materials (ids, or kinds with group 'kind'). */
  materials?: readonly string[];
}

export interface ImportRelianceRow extends MetricRow {
  jurisdiction: string;
  material: string;
  /** t (material) or t REO (kind). */
  production: number;
  imports: number;
  exports: number;
  /** Stock at the end minus stock at the start, inventories and stockpiles. */
  stockIncrease: number;
  apparentConsumption: number;
  netExporter: boolean;
  /** NIR, fraction; 0 for a net exporter or when apparent consumption is not positive. */
  value: number;
}

/**
 * Net import reliance per jurisdiction and material over the run's horizon.
 *
 * @example importReliance(view, network, { jurisdictions: ['US'] }) → [{ jurisdiction: 'US', material: 'NdPr-oxide', value: 0.67, … }]
 */
export function importReliance(
  view: FlowsView,
  network: RiskNetwork,
  options: ImportRelianceOptions = {},
): Metric<ImportRelianceRow> {
  const kindOf = new Map(network.model.materials.map((m) => [m.id, m.kind]));
  const reoOf = (material: string): number =>
    Object.values(network.contents.get(material) ?? {}).reduce((a, v) => a + (v ?? 0), 0);
  const byKind = options.group === 'kind';
  const keyOf = (material: string): string => (byKind ? (kindOf.get(material) ?? 'other') : material);
  const amount = (material: string, tonnes: number): number => (byKind ? tonnes * reoOf(material) : tonnes);
  const jurisdictions =
    options.jurisdictions ?? [...new Set([...network.facilities.values()].map((f) => f.country))].sort();
  const within = (facility: string, j: string): boolean =>
    network.tree.within(facilityInfo(network, facility).jurisdiction, j);
  const lastPeriod = view.periods.at(-1);
  const values: ImportRelianceRow[] = [];
  for (const j of jurisdictions) {
    const rows = new Map<
      string,
      { production: number; imports: number; exports: number; stockIncrease: number }
    >();
    const row = (material: string) => {
      const key = keyOf(material);
      let r = rows.get(key);
      if (!r) {
        r = { production: 0, imports: 0, exports: 0, stockIncrease: 0 };
        rows.set(key, r);
      }
      return r;
    };
    for (const p of view.production)
      if (within(p.facility, j)) row(p.material).production += amount(p.material, p.tonnes);
    for (const s of view.shipments) {
      const fromIn = within(s.from, j);
      const toIn = within(s.to, j);
      if (fromIn === toIn) continue;
      if (toIn) row(s.material).imports += amount(s.material, s.tonnes);
      else row(s.material).exports += amount(s.material, s.tonnes);
    }
    for (const s of view.stocks) {
      if (!within(s.node, j)) continue;
      if (s.period === lastPeriod) row(s.material).stockIncrease += amount(s.material, s.tonnes);
      if (s.opening !== undefined && s.period === view.periods[0])
        row(s.material).stockIncrease -= amount(s.material, s.opening);
    }
    for (const [material, r] of rows) {
      if (options.materials && !options.materials.includes(material)) continue;
      const net = r.imports - r.exports - r.stockIncrease;
      const apparentConsumption = r.production + net;
      if (r.imports === 0 && r.exports === 0) continue;
      values.push({
        jurisdiction: j,
        material,
        ...r,
        apparentConsumption,
        netExporter: net < 0,
        value: net > 0 && apparentConsumption > 1e-9 ? net / apparentConsumption : 0,
      });
    }
  }
  return {
    name: 'import-reliance',
    unit: 'share of apparent consumption',
    description: 'USGS net import reliance',
    values,
  };
}
