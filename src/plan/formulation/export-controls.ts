import {
  containsAny,
  expandElements,
  MATERIAL_KINDS,
  type ExportControlPolicy,
  type Route,
} from '../../model/index.js';
import { activePeriods } from '../../model/index.js';
import type { PlanContext } from './context.js';

/**
 * Whether an export control covers material `material` on route `route`: the route leaves the
 * controlled jurisdiction, goes to a covered destination that is not exempt, and the material
 * contains a listed element and matches the listed materials (ids or kinds).
 */
export function isCoveredByExportControl(
  context: PlanContext,
  policy: ExportControlPolicy,
  route: Route,
  material: string,
): boolean {
  const fromJ = context.facilities.get(route.from)?.jurisdiction;
  const toJ = context.facilities.get(route.to)?.jurisdiction;
  if (fromJ === undefined || toJ === undefined) return false;
  if (!context.tree.within(fromJ, policy.from) || context.tree.within(toJ, policy.from)) return false;
  if (policy.to && !policy.to.some((j) => context.tree.within(toJ, j))) return false;
  if (policy.exempt.some((j) => context.tree.within(toJ, j))) return false;
  if (policy.materials) {
    const kind = context.model.materials.find((m) => m.id === material)?.kind;
    const kinds = new Set<string>(MATERIAL_KINDS);
    const matches = policy.materials.some(
      (entry) => entry === material || (kinds.has(entry) && entry === kind),
    );
    if (!matches) return false;
  }
  return containsAny(context.contents.get(material) ?? {}, expandElements(policy.elements));
}

/** Extra periods a licence regime adds to shipments of `material` on `route` departing in period t. */
export function licenceDelay(context: PlanContext, route: Route, material: string, t: number): number {
  let delay = 0;
  for (const policy of context.model.policies) {
    if (policy.kind !== 'export-control' || policy.mode !== 'license' || policy.licenseDelay === undefined)
      continue;
    const [first, last] = activePeriods(context.model.horizon, policy);
    if (t < first || t > last || !isCoveredByExportControl(context, policy, route, material)) continue;
    delay = Math.max(delay, Math.round(policy.licenseDelay / ((365 / 12) * context.monthsPerPeriod)));
  }
  return delay;
}
