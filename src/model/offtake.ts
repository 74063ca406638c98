/**
 * What an offtake agreement covers, shared by the planner, the simulator and the plan check:
 * the producer's facilities, the covered materials and the facilities the share is reserved for.
 */
import { MATERIAL_KINDS } from './components/material.js';
import type { OfftakePolicy } from './components/policy.js';
import {
  containsAny,
  createJurisdictionTree,
  createMembership,
  expandElements,
  type ElementVector,
} from './derive.js';
import type { Model } from './model.js';

/** The facilities of an offtake, by role, and which materials it covers. */
export interface OfftakeScope {
  /** Facilities whose output is covered: the one named, or those in the jurisdiction named. */
  producers: ReadonlySet<string>;
  /** Facilities the share is reserved for: those of the bloc's members (or in the jurisdiction). */
  recipients: ReadonlySet<string>;
  covers(material: string): boolean;
}

/**
 * The scope of an offtake agreement in a model.
 * @example resolveOfftake(model, contents, policy).covers('Dy-oxide')
 */
export function resolveOfftake(
  model: Pick<Model, 'jurisdictions' | 'facilities' | 'materials'>,
  contents: ReadonlyMap<string, ElementVector>,
  policy: OfftakePolicy,
): OfftakeScope {
  const tree = createJurisdictionTree(model);
  const { isMember } = createMembership(model);
  const producers = new Set(
    model.facilities
      .filter((f) => f.id === policy.from || tree.within(f.jurisdiction, policy.from))
      .map((f) => f.id),
  );
  const recipients = new Set(
    model.facilities.filter((f) => isMember(f.jurisdiction, policy.to)).map((f) => f.id),
  );
  const kindOf = new Map(model.materials.map((m) => [m.id, m.kind as string]));
  const kinds = new Set<string>(MATERIAL_KINDS);
  const elements = policy.elements === undefined ? undefined : expandElements(policy.elements);
  return {
    producers,
    recipients,
    covers: (material) =>
      (policy.materials === undefined ||
        policy.materials.some((e) => e === material || (kinds.has(e) && e === kindOf.get(material)))) &&
      (elements === undefined || containsAny(contents.get(material) ?? {}, elements)),
  };
}
