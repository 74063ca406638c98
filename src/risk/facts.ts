/** Element-level production facts: the rows the concentration metrics aggregate. */
import { ELEMENT_SYMBOLS, expandElements, isElementSymbol } from '../model/index.js';
import { facilityInfo, type RiskNetwork } from './network.js';
import type { FlowsView } from './types.js';

/** One process output, located and measured: t of material, t REO of one element or of all ('REO'). */
export interface ProductionFact {
  facility: string;
  stage: string;
  jurisdiction: string;
  country: string;
  bloc: string[];
  operator: string;
  period: string;
  material: string;
  /** An element symbol, a group name, or 'REO' for the total. */
  element: string;
  /** t REO-equivalent of `element`. */
  reo: number;
  /** t of material (the same for every element row of one output). */
  tonnes: number;
}

/**
 * Expands process outputs into facts per element name: 'REO' (every element), each element symbol
 * present, or the given names (symbols or groups such as NdPr).
 */
export function toProductionFacts(
  view: FlowsView,
  network: RiskNetwork,
  elements: readonly string[] = ['REO', ...ELEMENT_SYMBOLS],
): ProductionFact[] {
  const members = new Map(
    elements.map((name) => [
      name,
      name === 'REO' ? [...ELEMENT_SYMBOLS] : isElementSymbol(name) ? [name] : expandElements([name]),
    ]),
  );
  const out: ProductionFact[] = [];
  for (const p of view.production) {
    const content = network.contents.get(p.material) ?? {};
    const info = facilityInfo(network, p.facility);
    for (const [name, symbols] of members) {
      let perTonne = 0;
      for (const s of symbols) perTonne += content[s] ?? 0;
      if (perTonne <= 0) continue;
      out.push({
        facility: p.facility,
        stage: p.stage,
        jurisdiction: info.jurisdiction,
        country: info.country,
        bloc: info.blocs,
        operator: info.operator,
        period: p.period,
        material: p.material,
        element: name,
        reo: perTonne * p.tonnes,
        tonnes: p.tonnes,
      });
    }
  }
  return out;
}
