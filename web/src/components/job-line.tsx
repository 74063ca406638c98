/** One line saying where a job (a simulation, a stockpile sizing) is: queued, running with its progress, failed, cancelled or done. */
import type { ReactNode } from 'react';
import type { JobProgress, JobStatus } from '../api/types.js';
import { runsDone } from '../lib/simulation.js';

export interface JobShape {
  id: string;
  status: JobStatus;
  input: { scenario?: string };
  error?: { message: string };
}

/**
 * The job's state in words, the same for every kind of job: queued; running with its latest
 * progress (and a bar when the progress counts runs, "37/100 runs"); failed with the server's
 * reason; cancelled; or, once it succeeded, `done` after "<Noun> <id> (<scenario>):".
 *
 * @example <JobLine noun="simulation" job={job.job} progress={job.progress} testId="simulation-status">20 runs of 365 days</JobLine>
 */
export function JobLine({
  noun,
  job,
  progress,
  testId,
  children,
}: {
  noun: string;
  job: JobShape | undefined;
  progress: JobProgress | undefined;
  testId: string;
  children?: ReactNode;
}) {
  if (!job) return null;
  const title = noun.charAt(0).toUpperCase() + noun.slice(1);
  const scenario = job.input.scenario ?? 'baseline';
  if (job.status === 'queued' || job.status === 'running') {
    const done = runsDone(progress?.detail);
    return (
      <div className="progress" role="status" data-testid={testId}>
        {title} {job.id} ({scenario}){' '}
        {job.status === 'queued'
          ? 'is queued'
          : `— ${progress?.phase ?? 'starting'}${progress?.detail ? `: ${progress.detail}` : ''}`}
        …{done ? <progress max={done.total} value={done.done} aria-label="Runs done" /> : null}
      </div>
    );
  }
  if (job.status === 'failed') {
    return (
      <div className="state error" role="alert" data-testid={testId}>
        <p className="state-title">The {noun} failed.</p>
        <p>{job.error?.message ?? 'The server gave no reason.'}</p>
      </div>
    );
  }
  if (job.status === 'cancelled') {
    return (
      <p className="caption" data-testid={testId}>
        {title} {job.id} was cancelled.
      </p>
    );
  }
  return (
    <p className="caption" data-testid={testId}>
      {title} {job.id} ({scenario}): {children}
    </p>
  );
}
