/** React hooks: the view state in the URL, async loads with their states, plan jobs followed live. */
import { useCallback, useEffect, useState } from 'react';
import { api, isTerminal, subscribe, toFailure, watchPlan, type ApiFailure } from './api/client.js';
import type { JobProgress, JobStatus, PlanJob } from './api/types.js';
import { parseViewState, toSearch, withChanges, type ViewState } from './lib/url-state.js';

export type Navigate = (changes: Parameters<typeof withChanges>[1], options?: { replace?: boolean }) => void;

/** The view state, read from and written to `location.search`; back and forward work. */
export function useViewState(): [ViewState, Navigate] {
  const [state, setState] = useState(() => parseViewState(window.location.search));
  useEffect(() => {
    const onPop = (): void => setState(parseViewState(window.location.search));
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);
  const navigate = useCallback<Navigate>((changes, options = {}) => {
    setState((current) => {
      const next = withChanges(current, changes);
      const url = `${window.location.pathname}${toSearch(next)}${window.location.hash}`;
      if (options.replace) window.history.replaceState(null, '', url);
      else window.history.pushState(null, '', url);
      return next;
    });
  }, []);
  return [state, navigate];
}

export type Async<T> =
  | { state: 'idle' }
  | { state: 'loading' }
  | { state: 'ok'; value: T }
  | { state: 'error'; error: ApiFailure };

/** Runs `load` whenever `key` changes (not when it is undefined) and tracks its state. */
export function useAsync<T>(key: string | undefined, load: () => Promise<T>): Async<T> {
  const [result, setResult] = useState<Async<T>>({ state: 'idle' });
  useEffect(() => {
    if (key === undefined) {
      setResult({ state: 'idle' });
      return undefined;
    }
    let live = true;
    setResult({ state: 'loading' });
    load().then(
      (value) => live && setResult({ state: 'ok', value }),
      (error: unknown) => live && setResult({ state: 'error', error: toFailure(error) }),
    );
    return () => {
      live = false;
    };
    // `load` is a fresh closure each render; `key` says when it means something new.
  }, [key]);
  return result;
}

/**
 * Loads whenever any of `deps` changes (nothing while `load` is undefined) and keeps the last answer
 * while the next one loads, so a panel refreshed by live data does not flash a loading state;
 * a successful load clears the error, a failed one keeps the last answer beside it.
 */
export function useRefreshed<T>(
  load: (() => Promise<T>) | undefined,
  deps: readonly unknown[],
): { value: T | undefined; error: ApiFailure | undefined } {
  const [value, setValue] = useState<T | undefined>();
  const [error, setError] = useState<ApiFailure | undefined>();
  useEffect(() => {
    if (!load) return undefined;
    let open = true;
    load().then(
      (answer) => {
        if (!open) return;
        setValue(answer);
        setError(undefined);
      },
      (failure: unknown) => open && setError(toFailure(failure)),
    );
    return () => {
      open = false;
    };
    // `load` is a fresh closure each render; `deps` (and whether there is a load) say when it means something new.
  }, [load === undefined, ...deps]);
  return { value, error };
}

export interface PlanJobState {
  id: string;
  job?: PlanJob;
  /** The latest progress line, e.g. "solve (8628 variables…)". */
  progress?: JobProgress;
  error?: ApiFailure;
}

/** Loads each plan job by id and follows the unfinished ones until they finish. */
export function usePlanJobs(ids: readonly string[]): Record<string, PlanJobState> {
  const [jobs, setJobs] = useState<Record<string, PlanJobState>>({});
  const key = ids.join(',');
  useEffect(() => {
    let live = true;
    const watches: { close(): void }[] = [];
    const update = (id: string, change: Partial<PlanJobState>): void => {
      if (live) setJobs((current) => ({ ...current, [id]: { ...current[id], ...change, id } }));
    };
    setJobs((current) => Object.fromEntries(ids.map((id) => [id, current[id] ?? { id }])));
    for (const id of ids) {
      api.getPlan(id).then(
        (job) => {
          if (!live) return;
          update(id, {
            job,
            ...(job.progress.length > 0 ? { progress: job.progress[job.progress.length - 1] } : {}),
          });
          if (isTerminal(job.status)) return;
          watches.push(
            watchPlan(job, {
              onProgress: (progress, status) => update(id, { progress, job: { ...job, status } }),
              onDone: (done) => update(id, { job: done }),
              onError: (error) => update(id, { error }),
            }),
          );
        },
        (error: unknown) => update(id, { error: toFailure(error) }),
      );
    }
    return () => {
      live = false;
      for (const watch of watches) watch.close();
    };
    // `ids` is a fresh array each render; `key` says when the set of jobs changes.
  }, [key]);
  return jobs;
}

export interface JobState<J> {
  job?: J;
  progress?: JobProgress;
  error?: ApiFailure;
}

interface JobLike {
  status: JobStatus;
  progress: JobProgress[];
}

/**
 * Loads one job (an allocation, a simulation) by id and follows it until it finishes: over its
 * server-sent events when `events` gives their URL, else by polling every `every` ms.
 */
export function useJob<J extends JobLike>(
  id: string | undefined,
  load: (id: string) => Promise<J>,
  events?: (job: J) => string | undefined,
  every = 700,
): JobState<J> {
  const [state, setState] = useState<JobState<J>>({});
  useEffect(() => {
    setState({});
    if (id === undefined) return undefined;
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let source: { close(): void } | undefined;
    const fetchOnce = (): void => {
      load(id).then(
        (job) => {
          if (!live) return;
          const last = job.progress[job.progress.length - 1];
          setState({ job, ...(last ? { progress: last } : {}) });
          if (isTerminal(job.status)) return;
          const url = events?.(job);
          if (url && source === undefined) {
            source = subscribe(
              url,
              {
                progress: (data) =>
                  live &&
                  setState((current) => ({
                    ...current,
                    progress:
                      'phase' in (data as object)
                        ? (data as JobProgress)
                        : (data as { progress: JobProgress }).progress,
                  })),
                status: (data) => {
                  const status =
                    typeof data === 'string' ? (data as JobStatus) : (data as { status?: JobStatus }).status;
                  if (status && isTerminal(status)) {
                    source?.close();
                    fetchOnce();
                  }
                },
              },
              () => {
                // The stream ends with the job, or failed: ask for the job itself.
                source?.close();
                timer = setTimeout(fetchOnce, every);
              },
            );
          } else if (!url) timer = setTimeout(fetchOnce, every);
        },
        (error: unknown) => live && setState((current) => ({ ...current, error: toFailure(error) })),
      );
    };
    fetchOnce();
    return () => {
      live = false;
      source?.close();
      if (timer !== undefined) clearTimeout(timer);
    };
    // `load` and `events` are fresh closures each render; `id` says when the job changes.
  }, [id]);
  return state;
}

export interface JobStart {
  /** True while the request that starts the job is out. */
  starting: boolean;
  /** Why the server refused to start it. */
  error: ApiFailure | undefined;
  /** Starts the job (a form's `onSubmit`: it keeps the page from reloading); nothing while there is no `post`. */
  submit: (event?: { preventDefault(): void }) => void;
}

/**
 * Starts a job from a form (a simulation, an allocation, a stockpile sizing) and hands its id to
 * `onStarted`, which selects it; `post` is undefined while the form cannot be sent.
 *
 * @example const launch = useJobStart(valid ? () => api.startSimulation(request) : undefined, (id) => navigate({ simulation: id }));
 */
export function useJobStart(
  post: (() => Promise<{ id: string }>) | undefined,
  onStarted: (id: string) => void,
): JobStart {
  const [starting, setStarting] = useState(false);
  const [error, setError] = useState<ApiFailure | undefined>();
  const submit = (event?: { preventDefault(): void }): void => {
    event?.preventDefault();
    if (!post) return;
    setStarting(true);
    setError(undefined);
    post()
      .then(
        (started) => onStarted(started.id),
        (failure: unknown) => setError(toFailure(failure)),
      )
      .finally(() => setStarting(false));
  };
  return { starting, error, submit };
}

/** True when the server's API description lists a path starting with `prefix`. */
export function offers(paths: readonly string[], prefix: string): boolean {
  return paths.some((path) => path.startsWith(prefix));
}
