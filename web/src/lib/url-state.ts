/**
 * The dashboard's view state lives in the URL's query string, so every view can be shared as a
 * link: `?view=sankey&model=world&plan=p-3&element=Nd&period=2026-03`. Pure: parse and format only.
 */

export const VIEWS = ['map', 'sankey', 'plan', 'scenarios', 'simulation', 'operations', 'projects'] as const;
export type View = (typeof VIEWS)[number];

export interface ViewState {
  view: View;
  /** Model id; absent = the server's default. */
  model?: string;
  /** Scenario to plan; absent = the baseline. */
  scenario?: string;
  /** Plan job id whose result the views show. */
  plan?: string;
  /** Element symbol or group for the Sankey and the map; absent = all (total REO). */
  element?: string;
  /** Period label (YYYY-MM); absent = the whole horizon. */
  period?: string;
  /** Simulation job id whose result the Simulation view shows. */
  simulation?: string;
  /** Stockpile sizing job id whose result the Simulation view shows. */
  sizing?: string;
  /** Capital allocation job id whose result the Projects view shows. */
  allocation?: string;
  /** Scenario ids compared side by side; `baseline` is the model without a scenario. */
  compare: string[];
  /** Plan job ids of the comparison, in the order of `compare`. */
  runs: string[];
  /** Risk: the consumer (jurisdiction) whose exposure is shown, and the country it is exposed to. */
  consumer?: string;
  through?: string;
  /** Simulation: the demand and the stockpile whose fans over time are shown; absent = the worst-served demand, all stockpiles. */
  demand?: string;
  stockpile?: string;
  /** Cost-of-diversification job id (POST /v1/risk/diversification) whose curve the risk panel shows. */
  curve?: string;
}

export const BASELINE = 'baseline';

const SCALAR_KEYS = [
  'model',
  'scenario',
  'plan',
  'element',
  'period',
  'simulation',
  'sizing',
  'allocation',
  'consumer',
  'through',
  'demand',
  'stockpile',
  'curve',
] as const;

const isView = (value: string | null): value is View =>
  value !== null && (VIEWS as readonly string[]).includes(value);

/** Reads the state from a query string (with or without the leading `?`); unknown keys are ignored. */
export function parseViewState(search: string): ViewState {
  const params = new URLSearchParams(search);
  const view = params.get('view');
  const state: ViewState = {
    view: isView(view) ? view : 'map',
    compare: listOf(params.get('compare')),
    runs: listOf(params.get('runs')),
  };
  for (const key of SCALAR_KEYS) {
    const value = params.get(key);
    if (value !== null && value !== '') state[key] = value;
  }
  return state;
}

/** Writes the state as a query string starting with `?`, leaving out defaults, in a fixed key order. */
export function toSearch(state: ViewState): string {
  const params = new URLSearchParams();
  if (state.view !== 'map') params.set('view', state.view);
  for (const key of SCALAR_KEYS) {
    const value = state[key];
    if (value !== undefined && value !== '') params.set(key, value);
  }
  if (state.compare.length > 0) params.set('compare', state.compare.join(','));
  if (state.runs.length > 0) params.set('runs', state.runs.join(','));
  // Commas need no escaping in a query string; leaving them makes shared links readable.
  const text = params.toString().replace(/%2C/gi, ',');
  return text === '' ? '' : `?${text}`;
}

/** Applies a partial change; keys set to undefined are removed. */
export function withChanges(
  state: ViewState,
  changes: Partial<{ [K in keyof ViewState]: ViewState[K] | undefined }>,
): ViewState {
  const merged: Record<string, unknown> = { ...state };
  for (const [key, value] of Object.entries(changes)) {
    if (value !== undefined) merged[key] = value;
    else if (key === 'compare' || key === 'runs') merged[key] = [];
    else if (key !== 'view') merged[key] = undefined;
  }
  return Object.fromEntries(
    Object.entries(merged).filter(([, value]) => value !== undefined),
  ) as unknown as ViewState;
}

function listOf(value: string | null): string[] {
  return value === null ? [] : value.split(',').filter((item) => item !== '');
}
