/** Loading, empty and error states, in words. */
import type { ReactNode } from 'react';
import type { ApiFailure } from '../api/client.js';

export function Loading({ what }: { what: string }) {
  return (
    <p className="state loading" role="status">
      Loading {what}…
    </p>
  );
}

export function Empty({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="state empty" role="note">
      <p className="state-title">{title}</p>
      {children}
    </div>
  );
}

export function Failure({
  what,
  error,
  children,
}: {
  what: string;
  error: ApiFailure;
  children?: ReactNode;
}) {
  return (
    <div className="state error" role="alert">
      <p className="state-title">Could not load {what}.</p>
      <p>{error.message}</p>
      {error.body?.issues && error.body.issues.length > 0 ? (
        <ul>
          {error.body.issues.slice(0, 10).map((issue, index) => (
            <li key={index}>
              {issue.path.length > 0 ? <code>{issue.path.join('.')}</code> : null} {issue.message}
            </li>
          ))}
        </ul>
      ) : null}
      {children}
    </div>
  );
}
