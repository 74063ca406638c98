/** Options of a plan run: the objective and how the solver is driven. */

/** What the plan optimises. `cost` is the default; the others keep demand served through its penalty. */
export type Objective =
  | { kind: 'cost' }
  | { kind: 'emissions' }
  | { kind: 'dependence'; jurisdiction: string }
  | {
      kind: 'weighted';
      cost: number;
      emissions: number;
      dependence?: { jurisdiction: string; weight: number };
    };

export interface PlanOptions {
  objective?: Objective;
  /**
   * Weight of a tonne of unmet demand in the emissions and dependence objectives, in objective
   * units per tonne (tCO2e or t REO), so those plans still serve demand first. Default 1e4.
   */
  unmetWeight?: number;
  timeLimitSeconds?: number;
  mipGap?: number;
  threads?: number;
  method?: 'auto' | 'simplex' | 'ipm';
  /** Called with a phase name as the run moves on, for progress displays. */
  onProgress?: (phase: 'check' | 'build' | 'solve' | 'assign' | 'done', detail?: string) => void;
  signal?: AbortSignal;
}

/**
 * Parses `cost`, `emissions`, `dependence:CN` or `weighted:cost=1,emissions=50,dependence:CN=200`.
 * Returns undefined for anything else, so the caller can report it with the accepted forms.
 */
export function parseObjective(text: string): Objective | undefined {
  if (text === 'cost') return { kind: 'cost' };
  if (text === 'emissions') return { kind: 'emissions' };
  const dependence = /^dependence:([A-Za-z0-9][A-Za-z0-9_.:@>-]*)$/.exec(text);
  if (dependence?.[1]) return { kind: 'dependence', jurisdiction: dependence[1] };
  const weighted = /^weighted:(.+)$/.exec(text);
  if (!weighted?.[1]) return undefined;
  const out: {
    kind: 'weighted';
    cost: number;
    emissions: number;
    dependence?: { jurisdiction: string; weight: number };
  } = {
    kind: 'weighted',
    cost: 0,
    emissions: 0,
  };
  for (const part of weighted[1].split(',')) {
    const [key, value] = part.split('=');
    const weight = Number(value);
    if (key === undefined || value === undefined || !Number.isFinite(weight) || weight < 0) return undefined;
    if (key === 'cost') out.cost = weight;
    else if (key === 'emissions') out.emissions = weight;
    else if (key.startsWith('dependence:') && key.length > 'dependence:'.length) {
      out.dependence = { jurisdiction: key.slice('dependence:'.length), weight };
    } else return undefined;
  }
  return out;
}

/** The accepted forms of an objective, for error messages and help. */
export const OBJECTIVE_FORMS =
  'cost, emissions, dependence:JURISDICTION or weighted:cost=1,emissions=50,dependence:CN=200';
