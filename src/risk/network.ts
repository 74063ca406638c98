/**
 * The parts of a model the risk metrics need, indexed once: where each facility is (jurisdiction,
 * country = top-level jurisdiction, blocs), who runs it, and what each material contains.
 */
import {
  toDidYouMean,
  createJurisdictionTree,
  materialContents,
  resolveProcess,
  resolveProcesses,
  type ElementVector,
  type JurisdictionTree,
  type Model,
  type ResolvedProcess,
} from '../model/index.js';
import { RiskError } from './errors.js';

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
  /**
   * The model's jurisdiction tree, where `within(a, b)` is also true when b is a bloc (EU, G7, MSP…)
   * that a or a jurisdiction it lies in belongs to.
   */
  tree: JurisdictionTree;
  /** Every bloc some jurisdiction of the model belongs to. */
  blocs: ReadonlySet<string>;
  /** Resolved processes by key `facility/process`, projects' new processes included. */
  processes: Map<string, ResolvedProcess>;
  /** Scaled governance (WGI 0–10) by jurisdiction id, when the model gives it. */
  governance: Map<string, number>;
}

/** Indexes a model for the risk metrics. Pure; the model is not changed. */
export function createRiskNetwork(model: Model): RiskNetwork {
  const blocsOf = new Map(model.jurisdictions.map((j) => [j.id, j.blocs]));
  const tree = withBlocs(createJurisdictionTree(model), blocsOf);
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
  const blocs = new Set(model.jurisdictions.flatMap((j) => j.blocs));
  return { model, facilities, contents, tree, blocs, processes, governance };
}

/** The tree with blocs as parties: `within(id, bloc)` when id or a jurisdiction it lies in is a member. */
function withBlocs(
  tree: JurisdictionTree,
  blocsOf: ReadonlyMap<string, readonly string[]>,
): JurisdictionTree {
  return {
    ...tree,
    within: (id, party) =>
      tree.within(id, party) || tree.ancestors(id).some((j) => blocsOf.get(j)?.includes(party) ?? false),
  };
}

/**
 * Refuses a jurisdiction or bloc id the model does not have (`what` names the option, e.g.
 * '--through'), with the nearest id.
 *
 * @example checkParty(network, 'MSP', 'through') // fine; checkParty(network, 'XYZ', 'through') throws RISK_UNKNOWN_PARTY
 */
export function checkParty(network: RiskNetwork, id: string, what: string): void {
  const jurisdictions = network.model.jurisdictions.map((j) => j.id);
  if (jurisdictions.includes(id) || network.blocs.has(id)) return;
  const known = [...jurisdictions, ...[...network.blocs].filter((b) => !jurisdictions.includes(b))];
  throw new RiskError(
    'RISK_UNKNOWN_PARTY',
    `${what} '${id}' is not a jurisdiction or bloc of the model; ${toDidYouMean(id, known, 'jurisdictions and blocs')}`,
  );
}

/** The facility's info, or a placeholder that keeps unknown ids visible instead of dropping them. */
export function facilityInfo(network: RiskNetwork, id: string): FacilityInfo {
  return (
    network.facilities.get(id) ?? { id, jurisdiction: '?', country: '?', blocs: [], operator: '?', kind: '?' }
  );
}
