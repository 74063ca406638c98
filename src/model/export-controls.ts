/**
 * Export-control coverage as a pure rule shared by every layer: whether a policy covers a
 * material moving from one jurisdiction to another. The planner turns covered flows into
 * constraints; the simulator turns them into bans, caps and licence events.
 */
import { MATERIAL_KINDS, type Material } from './components/material.js';
import type { ExportControlPolicy } from './components/policy.js';
import { containsAny, expandElements, type ElementVector, type JurisdictionTree } from './derive.js';

/** One movement a control may cover: its jurisdictions and the material with its element content. */
export interface ControlledMovement {
  from: string;
  to: string;
  material: Pick<Material, 'id' | 'kind'>;
  content: ElementVector;
}

const KINDS = new Set<string>(MATERIAL_KINDS);

/**
 * True when `policy` covers the movement: it leaves the controlled jurisdiction for a covered,
 * non-exempt destination, and the material contains a listed element and matches the listed
 * materials (ids or kinds). Example: Dy oxide from CN-JX to JP under the April 2025 list → true.
 */
export function isExportControlled(
  policy: ExportControlPolicy,
  movement: ControlledMovement,
  tree: JurisdictionTree,
): boolean {
  if (!tree.within(movement.from, policy.from) || tree.within(movement.to, policy.from)) return false;
  if (policy.to && !policy.to.some((j) => tree.within(movement.to, j))) return false;
  if (policy.exempt.some((j) => tree.within(movement.to, j))) return false;
  if (policy.materials) {
    const { id, kind } = movement.material;
    if (!policy.materials.some((entry) => entry === id || (KINDS.has(entry) && entry === kind))) return false;
  }
  return containsAny(movement.content, expandElements(policy.elements));
}
