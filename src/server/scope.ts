/**
 * Token scopes on facility data (issue 9). A planner token scoped to an operator reaches the
 * facilities that operator runs; an authority token scoped to a jurisdiction those inside it
 * (sub-jurisdictions included); an unscoped planner or authority, and admin, reach every facility.
 * Facilities are those of the served model (the one telemetry refers to); a facility the model does
 * not know is outside every scope. Analysts and devices never read facility data (their routes'
 * roles refuse them), so they reach none here. See docs/api.md "Roles and scopes".
 */
import { isWithinJurisdiction } from '../coordinate/index.js';
import { createJurisdictionTree, type Model } from '../model/index.js';
import type { Principal } from './auth.js';
import type { ServerDeps } from './deps.js';
import { ApiError } from './errors.js';

/** The facilities a caller reaches: all of them, or a named set. */
export interface FacilityScope {
  all: boolean;
  /** The facilities reached, sorted (only when `all` is false). */
  ids: readonly string[];
  has(facility: string): boolean;
}

const EVERY: FacilityScope = { all: true, ids: [], has: () => true };

/** True when a principal's scope reaches a facility of `model`. */
export function isFacilityInScope(
  model: Pick<Model, 'facilities' | 'jurisdictions'>,
  principal: Principal,
  facility: string,
): boolean {
  if (principal.role === 'admin') return true;
  if (principal.role === 'analyst' || principal.role === 'device') return false;
  const found = model.facilities.find((f) => f.id === facility);
  const { operator, jurisdiction } = principal.scope ?? {};
  if (principal.role === 'planner') return operator === undefined || found?.operator === operator;
  return (
    jurisdiction === undefined ||
    (found !== undefined && isWithinJurisdiction(model, found.jurisdiction, jurisdiction))
  );
}

/**
 * What an audit entry about a facility records so it can be shown to the authorities above it:
 * the facility and its jurisdiction with every jurisdiction containing it (CN-GS, CN).
 */
export function toAuditScope(
  model: Pick<Model, 'facilities' | 'jurisdictions'> | undefined,
  facility: string,
): { facility: string; jurisdictions?: string[] } {
  const found = model?.facilities.find((f) => f.id === facility);
  if (!model || !found) return { facility };
  return { facility, jurisdictions: createJurisdictionTree(model).ancestors(found.jurisdiction) };
}

/** True when an audit entry may be shown: admin and unscoped authorities read all, an authority the entries of its jurisdiction. */
export function isAuditEntryInScope(
  principal: Principal,
  entry: { jurisdictions?: readonly string[] },
): boolean {
  if (principal.role === 'admin') return true;
  if (principal.role !== 'authority') return false;
  const jurisdiction = principal.scope?.jurisdiction;
  return jurisdiction === undefined || (entry.jurisdictions ?? []).includes(jurisdiction);
}

/** True when the principal reaches every facility (admin, or a planner or authority without a scope). */
function reachesAll(principal: Principal): boolean {
  if (principal.role === 'admin') return true;
  if (principal.role === 'planner') return principal.scope?.operator === undefined;
  if (principal.role === 'authority') return principal.scope?.jurisdiction === undefined;
  return false;
}

/**
 * The facilities of the served model a principal reaches.
 *
 * @example const scope = await facilityScopeOf(deps, request.principal); rows.filter((r) => scope.has(r.facility))
 */
export async function facilityScopeOf(
  deps: Pick<ServerDeps, 'models'>,
  principal: Principal,
): Promise<FacilityScope> {
  if (reachesAll(principal)) return EVERY;
  const model = await servedModel(deps);
  const ids = (model?.facilities ?? [])
    .filter((f) => model !== undefined && isFacilityInScope(model, principal, f.id))
    .map((f) => f.id)
    .sort();
  const set = new Set(ids);
  return { all: false, ids, has: (facility) => set.has(facility) };
}

/** The served model, when it loads: the facilities telemetry, alerts and assets refer to. */
export async function servedModel(deps: Pick<ServerDeps, 'models'>): Promise<Model | undefined> {
  const id = deps.models.defaultId;
  return id === undefined ? undefined : (await deps.models.get(id))?.model;
}

/** Refuses (403 OUT_OF_SCOPE) a facility outside the caller's scope. */
export function requireFacilityInScope(scope: FacilityScope, facility: string): void {
  if (!scope.has(facility))
    throw new ApiError('OUT_OF_SCOPE', `facility '${facility}' is outside the scope of this token`);
}

/** Refuses (403 OUT_OF_SCOPE) a scoped caller on data that spans every facility (webhooks, server counters). */
export function requireWholeNetwork(scope: FacilityScope, what: string): void {
  if (!scope.all)
    throw new ApiError(
      'OUT_OF_SCOPE',
      `${what} cover every facility; this token is scoped to ${scope.ids.length} of them`,
    );
}

/**
 * Runs a per-facility query within the caller's scope: the named facility (refused when out of
 * scope), every facility at once when the caller reaches all, or once per facility in scope.
 */
export async function queryInScope<T>(
  scope: FacilityScope,
  facility: string | undefined,
  run: (facility: string | undefined) => Promise<T[]>,
): Promise<T[]> {
  if (facility !== undefined) {
    requireFacilityInScope(scope, facility);
    return run(facility);
  }
  if (scope.all) return run(undefined);
  return (await Promise.all(scope.ids.map((f) => run(f)))).flat();
}
