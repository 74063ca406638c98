/**
 * The parts of a model the risk metrics need, indexed once: where each facility is (jurisdiction,
 * country = top-level jurisdiction, blocs), who runs it, and what each material contains.
 */
import {
  createJurisdictionTree,
  materialContents,
  resolveProcess,
  resolveProcesses,
  type ElementVector,
  type JurisdictionTree,
  type Model,
  type ResolvedProcess,
} from '../model/index.js';

export interface FacilityInfo {
  id: string;
  jurisdiction: string;
  /** Top-level jurisdiction (the jurisdiction tree's root). */
  country: string;
  /** Blocs of the facility's jurisdiction and of every jurisdiction it lies in. */
  blocs: string[];
  operator: string;
  kind: string;
}

export interface RiskNetwork {
  model: Model;
  facilities: Map<string, FacilityInfo>;
  contents: Map<string, ElementVector>;
  tree: JurisdictionTree;
  /** Resolved processes by key `facility/process`, projects' new processes included. */
  processes: Map<string, ResolvedProcess>;
  /** Scaled governance (WGI 0–10) by jurisdiction id, when the model gives it. */
  governance: Map<string, number>;
}

/** Indexes a model for the risk metrics. Pure; the model is not changed. */
export function createRiskNetwork(model: Model): RiskNetwork {
  const tree = createJurisdictionTree(model);
  const blocsOf = new Map(model.jurisdictions.map((j) => [j.id, j.blocs]));
  const contents = materialContents(model);
  const facilities = new Map<string, FacilityInfo>();
  for (const f of model.facilities) {
    const blocs = new Set<string>();
    for (const j of tree.ancestors(f.jurisdiction)) for (const b of blocsOf.get(j) ?? []) blocs.add(b);
    facilities.set(f.id, {
      id: f.id,
      jurisdiction: f.jurisdiction,
      country: tree.root(f.jurisdiction),
      blocs: [...blocs].sort(),
      operator: f.operator ?? f.id,
      kind: f.kind,
    });
  }
  const processes = new Map(resolveProcesses(model, contents).map((p) => [p.key, p]));
  for (const project of model.projects) {
    const facility = model.facilities.find((f) => f.id === project.facility);
    if (project.process && facility) {
      const resolved = resolveProcess(facility, project.process, contents);
      processes.set(resolved.key, resolved);
    }
  }
  const governance = new Map<string, number>();
  for (const j of model.jurisdictions) if (j.governance !== undefined) governance.set(j.id, j.governance);
  return { model, facilities, contents, tree, processes, governance };
}

/** The facility's info, or a placeholder that keeps unknown ids visible instead of dropping them. */
export function facilityInfo(network: RiskNetwork, id: string): FacilityInfo {
  return (
    network.facilities.get(id) ?? { id, jurisdiction: '?', country: '?', blocs: [], operator: '?', kind: '?' }
  );
}
