/**
 * The EU criticality supply-risk indicator (European Commission, Methodology for establishing the
 * EU list of critical raw materials, 2017; used unchanged in the 2020 and 2023 assessments):
 *
 *   SR = [HHI_WGI,t(GS) · IR/2 + HHI_WGI,t(EU sourcing) · (1 − IR/2)] · (1 − EOL-RIR) · SI_SR
 *   HHI_WGI,t = Σ_c S_c² · WGI_c · t_c        (S_c as fractions, so the index runs 0–10)
 *
 * S_c are country shares of global supply (GS) or of EU sourcing (EU production plus imports by
 * origin) at the bottleneck stage; WGI_c the scaled World Governance Indicator (0 best – 10
 * worst, (2.5 − mean of the six WGI) × 2); t_c the trade parameter (1 by default); IR the EU's
 * import reliance; EOL-RIR the end-of-life recycling input rate; SI_SR the substitution index.
 * When EU sourcing shares are not available the EU takes the global HHI ("GS only").
 */
import type { OriginTrace } from '../exposure.js';
import { exposure } from './exposure.js';
import type { RiskNetwork } from '../network.js';
import type { FlowsView, Metric, MetricRow } from '../types.js';
import { supplyShares } from './shares.js';
import { definedFields } from '../../defined-fields.js';

export interface SupplyRiskInputs {
  /** Global supply by country at the bottleneck stage (fractions, percent or tonnes: normalised). */
  globalShares: Readonly<Record<string, number>>;
  /** EU sourcing by country; the global shares stand in when omitted. */
  euSourcingShares?: Readonly<Record<string, number>>;
  /** Scaled WGI per country, 0–10. */
  governance: Readonly<Record<string, number>>;
  /** Trade parameter t_c per country; 1 when absent. */
  tradeParameters?: Readonly<Record<string, number>>;
  /** EU import reliance, fraction 0–1. */
  importReliance: number;
  /** End-of-life recycling input rate, fraction 0–1. */
  eolRir: number;
  /** Substitution index for supply risk, 0–1. */
  substitution: number;
  /** Governance assumed for a country without a score. Default 5 (mid-scale). */
  missingGovernance?: number;
}

function normalised(shares: Readonly<Record<string, number>>): [string, number][] {
  const total = Object.values(shares).reduce((a, v) => a + v, 0);
  return total > 0 ? Object.entries(shares).map(([c, v]) => [c, v / total]) : [];
}

/**
 * Governance-weighted HHI on the 0–10 scale: Σ s_c² · WGI_c · t_c.
 *
 * @example hhiWgi({ CN: 1 }, { CN: 5.68 }) → 5.68
 */
export function hhiWgi(
  shares: Readonly<Record<string, number>>,
  governance: Readonly<Record<string, number>>,
  trade: Readonly<Record<string, number>> = {},
  missingGovernance = 5,
): number {
  return normalised(shares).reduce(
    (a, [c, s]) => a + s * s * (governance[c] ?? missingGovernance) * (trade[c] ?? 1),
    0,
  );
}

/** The EU SR formula from its inputs. */
export function euSupplyRisk(inputs: SupplyRiskInputs): { sr: number; hhiGs: number; hhiEu: number } {
  const missing = inputs.missingGovernance ?? 5;
  const hhiGs = hhiWgi(inputs.globalShares, inputs.governance, inputs.tradeParameters, missing);
  const hhiEu = inputs.euSourcingShares
    ? hhiWgi(inputs.euSourcingShares, inputs.governance, inputs.tradeParameters, missing)
    : hhiGs;
  const ir = inputs.importReliance;
  const sr = (hhiGs * (ir / 2) + hhiEu * (1 - ir / 2)) * (1 - inputs.eolRir) * inputs.substitution;
  return { sr, hhiGs, hhiEu };
}

export interface SupplyRiskOptions {
  /** The bottleneck stage whose shares count. Default 'separation' (processing, as the EU takes for REEs). */
  stage?: string;
  /** Elements or groups. Default Nd, Pr, Dy, Tb. */
  elements?: readonly string[];
  /** The sourcing consumer (a jurisdiction such as EU); with a trace, its sourcing shares and IR come from the flows. */
  sourcing?: string;
  /** EU import reliance when not measured from the flows; default 1. */
  importReliance?: number;
  /** Default 0.01: the EU 2023 value for the rare earths (CritMAT seeds of the EU report). */
  eolRir?: number;
  /** Default 1 (no substitute). */
  substitution?: number;
  tradeParameters?: Readonly<Record<string, number>>;
  missingGovernance?: number;
}

export interface SupplyRiskRow extends MetricRow {
  element: string;
  stage: string;
  hhiGs: number;
  hhiEu: number;
  importReliance: number;
  eolRir: number;
  substitution: number;
  value: number;
}

/**
 * SR per element with global shares from the run's output at the bottleneck stage, governance from
 * the model's jurisdictions, and (with a trace and a sourcing jurisdiction) EU sourcing shares and
 * import reliance from where the sourcing consumer's supply passed that stage.
 *
 * @example supplyRisk(view, network, { elements: ['Dy'] }, trace)
 */
export function supplyRisk(
  view: FlowsView,
  network: RiskNetwork,
  options: SupplyRiskOptions = {},
  trace?: OriginTrace,
): Metric<SupplyRiskRow> {
  const stage = options.stage ?? 'separation';
  const elements = options.elements ?? ['Nd', 'Pr', 'Dy', 'Tb'];
  const governance = Object.fromEntries(network.governance);
  const shares = supplyShares(view, network, { by: 'country', stages: [stage], elements });
  const values: SupplyRiskRow[] = [];
  for (const element of elements) {
    const globalShares = Object.fromEntries(
      shares.values.filter((r) => r.element === element).map((r) => [r.holder, r.output]),
    );
    if (Object.keys(globalShares).length === 0) continue;
    let euSourcingShares: Record<string, number> | undefined;
    let importReliance = options.importReliance ?? 1;
    if (trace && options.sourcing) {
      const rows = exposure(trace, network, {
        consumer: { jurisdiction: options.sourcing },
        elements: [element],
      }).values.filter((r) => r.stage === stage);
      if (rows.length > 0) {
        euSourcingShares = Object.fromEntries(rows.map((r) => [r.through, r.tonnes]));
        if (options.importReliance === undefined) {
          const total = rows.reduce((a, r) => a + r.tonnes, 0);
          const domestic = rows
            .filter((r) => network.tree.within(r.through, options.sourcing ?? ''))
            .reduce((a, r) => a + r.tonnes, 0);
          importReliance = total > 0 ? 1 - domestic / total : 1;
        }
      }
    }
    const eolRir = options.eolRir ?? 0.01;
    const substitution = options.substitution ?? 1;
    const { sr, hhiGs, hhiEu } = euSupplyRisk({
      globalShares,
      ...(euSourcingShares ? { euSourcingShares } : {}),
      governance,
      ...(options.tradeParameters ? { tradeParameters: options.tradeParameters } : {}),
      importReliance,
      eolRir,
      substitution,
      ...definedFields({ missingGovernance: options.missingGovernance }),
    });
    values.push({ element, stage, hhiGs, hhiEu, importReliance, eolRir, substitution, value: sr });
  }
  return {
    name: 'supply-risk',
    unit: 'EU SR (0–10 scale)',
    description: 'EU criticality supply risk from the run’s shares',
    values,
  };
}
