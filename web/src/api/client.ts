/**
 * The dashboard's calls to the reeflow API (docs/api.md). Every failure becomes an `ApiFailure`
 * whose message is written for a person: what went wrong and, where the server said, why.
 */
import { SIGN_IN_NEEDED, storedToken } from './session.js';
import type {
  Alert,
  AssetHealthAnswer,
  QualityChartAnswer,
  AllocationJob,
  AllocationRequest,
  DiversificationJob,
  DiversificationRequest,
  ErrorBody,
  JobProgress,
  JobStatus,
  LiveSnapshot,
  Model,
  ModelList,
  ModelView,
  PlanJob,
  PlanRequest,
  PlanVsActualRow,
  ProjectDetail,
  ProjectList,
  RiskReport,
  ScenarioInfo,
  Session,
  SimulationJob,
  SimulationRequest,
  StockpileSizingJob,
  StockpileSizingRequest,
} from './types.js';

/** An API answer that was not a success, or a request that never got one. */
export class ApiFailure extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string,
    readonly body?: ErrorBody,
  ) {
    super(message);
    this.name = 'ApiFailure';
  }
}

/** Fetches JSON from the API; non-2xx answers and network errors throw `ApiFailure`. */
export async function fetchJson<T>(path: string, init: RequestInit = {}): Promise<T> {
  let response: Response;
  try {
    const token = storedToken();
    response = await fetch(path, {
      ...init,
      headers: {
        accept: 'application/json',
        ...(init.body ? { 'content-type': 'application/json' } : {}),
        ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
        ...init.headers,
      },
    });
  } catch {
    throw new ApiFailure(
      'The reeflow server cannot be reached. Check that it is running and reload the page.',
      0,
      'NETWORK',
    );
  }
  const text = await response.text();
  let body: unknown;
  try {
    body = text === '' ? undefined : JSON.parse(text);
  } catch {
    body = undefined;
  }
  if (!response.ok) {
    if (response.status === 401) window.dispatchEvent(new Event(SIGN_IN_NEEDED));
    const error = isErrorBody(body) ? body : undefined;
    const message = error
      ? `${error.message}${error.requestId ? ` (reference ${error.requestId})` : ''}`
      : `The server answered ${response.status} ${response.statusText || ''}`.trim() + '.';
    throw new ApiFailure(message, response.status, error?.code ?? `HTTP_${response.status}`, error);
  }
  return body as T;
}

function isErrorBody(value: unknown): value is ErrorBody {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as ErrorBody).code === 'string' &&
    typeof (value as ErrorBody).message === 'string'
  );
}

const enc = encodeURIComponent;

export const api = {
  /** Whether the server needs a token and whose the stored one is (public: never a 401 without a token). */
  getSession: () => fetchJson<Session>('/v1/session'),
  listModels: () => fetchJson<ModelList>('/v1/models'),
  getModel: (id: string) => fetchJson<ModelView>(`/v1/models/${enc(id)}`),
  getModelDocument: (id: string) => fetchJson<Model>(`/v1/models/${enc(id)}/document`),
  listScenarios: (id: string) => fetchJson<{ scenarios: ScenarioInfo[] }>(`/v1/models/${enc(id)}/scenarios`),
  startPlan: (request: PlanRequest) =>
    fetchJson<PlanJob>('/v1/plans', { method: 'POST', body: JSON.stringify(request) }),
  getPlan: (id: string) => fetchJson<PlanJob>(`/v1/plans/${enc(id)}`),
  listPlans: () => fetchJson<{ plans: PlanJob[] }>('/v1/plans'),
  getLive: () => fetchJson<LiveSnapshot>('/v1/live'),
  listAlerts: () => fetchJson<{ alerts: Alert[] }>('/v1/alerts?limit=50'),
  acknowledgeAlert: (id: string) =>
    fetchJson<Alert>(`/v1/alerts/${enc(id)}/ack`, {
      method: 'POST',
      body: JSON.stringify({ by: 'dashboard' }),
    }),
  planVsActual: (plan: string | undefined) =>
    fetchJson<{ plan: string; model: string; asOf: number; rows: PlanVsActualRow[] }>(
      `/v1/plan-vs-actual${plan ? `?plan=${enc(plan)}` : ''}`,
    ),
  listProjects: (model: string) => fetchJson<ProjectList>(`/v1/models/${enc(model)}/projects`),
  getProject: (model: string, project: string) =>
    fetchJson<ProjectDetail>(`/v1/models/${enc(model)}/projects/${enc(project)}`),
  startAllocation: (request: AllocationRequest) =>
    fetchJson<AllocationJob>('/v1/allocations', { method: 'POST', body: JSON.stringify(request) }),
  getAllocation: (id: string) => fetchJson<AllocationJob>(`/v1/allocations/${enc(id)}`),
  startSimulation: (request: SimulationRequest) =>
    fetchJson<SimulationJob>('/v1/simulations', { method: 'POST', body: JSON.stringify(request) }),
  getSimulation: (id: string) => fetchJson<SimulationJob>(`/v1/simulations/${enc(id)}`),
  startSizing: (request: StockpileSizingRequest) =>
    fetchJson<StockpileSizingJob>('/v1/stockpile-sizing', { method: 'POST', body: JSON.stringify(request) }),
  getSizing: (id: string) => fetchJson<StockpileSizingJob>(`/v1/stockpile-sizing/${enc(id)}`),
  startDiversification: (request: DiversificationRequest) =>
    fetchJson<DiversificationJob>('/v1/risk/diversification', {
      method: 'POST',
      body: JSON.stringify(request),
    }),
  getDiversification: (id: string) => fetchJson<DiversificationJob>(`/v1/risk/diversification/${enc(id)}`),
  /** Risk metrics of a finished plan job: `query` holds metric, consumer, through, elements, stage. */
  getRisk: (plan: string, query: Record<string, string>) =>
    fetchJson<RiskReport>(
      `/v1/risk?${new URLSearchParams({ plan, ...query }).toString().replace(/%2C/gi, ',')}`,
    ),
  getQualityChart: (query: { facility: string; material: string; analyte: string; rules: string }) =>
    fetchJson<QualityChartAnswer>(`/v1/quality/charts?${new URLSearchParams(query).toString()}`),
  listAssets: () => fetchJson<{ assets: AssetHealthAnswer[] }>('/v1/assets'),
  /** The paths the server offers (from its OpenAPI document), to light up views whose API exists. */
  listPaths: async (): Promise<string[]> =>
    Object.keys((await fetchJson<{ paths?: Record<string, unknown> }>('/v1/openapi.json')).paths ?? {}),
};

export interface JobWatch {
  close(): void;
}

/**
 * Follows a job until it finishes: server-sent events for progress, then the finished job.
 * Falls back to polling when the event stream fails.
 */
export function watchPlan(
  job: PlanJob,
  handlers: {
    onProgress: (progress: JobProgress, status: JobStatus) => void;
    onDone: (job: PlanJob) => void;
    onError: (error: ApiFailure) => void;
  },
): JobWatch {
  let closed = false;
  let source: EventSource | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let status: JobStatus = job.status;
  const finish = (): void => {
    if (closed) return;
    close();
    api.getPlan(job.id).then(handlers.onDone, (error: unknown) => handlers.onError(toFailure(error)));
  };
  const poll = (): void => {
    if (closed) return;
    api.getPlan(job.id).then(
      (current) => {
        if (closed) return;
        const last = current.progress[current.progress.length - 1];
        if (last) handlers.onProgress(last, current.status);
        if (isTerminal(current.status)) finish();
        else timer = setTimeout(poll, 500);
      },
      (error: unknown) => {
        close();
        handlers.onError(toFailure(error));
      },
    );
  };
  const close = (): void => {
    closed = true;
    source?.close();
    if (timer !== undefined) clearTimeout(timer);
  };
  if (isTerminal(job.status)) {
    finish();
  } else if (typeof EventSource === 'undefined') {
    poll();
  } else {
    source = new EventSource(job.links.events);
    source.addEventListener('progress', (event) => {
      const progress = parseData<JobProgress | { progress: JobProgress }>(event);
      if (progress) handlers.onProgress('phase' in progress ? progress : progress.progress, status);
    });
    source.addEventListener('status', (event) => {
      const data = parseData<{ status: JobStatus } | JobStatus>(event);
      const next = typeof data === 'string' ? data : data?.status;
      if (next) status = next;
      if (next && isTerminal(next)) finish();
    });
    source.addEventListener('error', () => {
      // The stream ends when the job does, or failed: either way, ask for the job itself.
      source?.close();
      poll();
    });
  }
  return { close };
}

/**
 * Listens to a server-sent event stream; each handler gets its event's parsed JSON. The browser
 * reconnects on its own after a dropped connection; `onError` hears about each drop.
 */
export function subscribe(
  url: string,
  handlers: Record<string, (data: unknown) => void>,
  onError?: () => void,
): JobWatch {
  if (typeof EventSource === 'undefined') return { close: () => undefined };
  const source = new EventSource(url);
  for (const [event, handler] of Object.entries(handlers)) {
    source.addEventListener(event, (message) => {
      const data = parseData<unknown>(message);
      if (data !== undefined) handler(data);
    });
  }
  if (onError) source.addEventListener('error', onError);
  return { close: () => source.close() };
}

function parseData<T>(event: Event): T | undefined {
  try {
    return JSON.parse((event as MessageEvent<string>).data) as T;
  } catch {
    return undefined;
  }
}

export function isTerminal(status: JobStatus): boolean {
  return status === 'succeeded' || status === 'failed' || status === 'cancelled';
}

/** Any thrown value as an `ApiFailure` with a readable message. */
export function toFailure(error: unknown): ApiFailure {
  if (error instanceof ApiFailure) return error;
  return new ApiFailure(error instanceof Error ? error.message : String(error), 0, 'CLIENT');
}
