/**
 * The sign-in gate (issue 9): asks the server whether it needs a token before anything else, so a
 * visitor without one sees a form to paste it rather than views full of 401s; reopens the form when
 * the server refuses the stored token later; signed in, it says who and offers to sign out. With auth
 * off it renders the dashboard straight away.
 */
import { useCallback, useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { api, toFailure } from './api/client.js';
import { forgetToken, rememberToken, SIGN_IN_NEEDED, takeTokenFromAddress } from './api/session.js';
import type { Session } from './api/types.js';

type GateState =
  { state: 'checking' } | { state: 'in'; session: Session } | { state: 'out'; message?: string };

async function check(): Promise<GateState> {
  try {
    const session = await api.getSession();
    if (session.auth === 'off' || session.principal !== null) return { state: 'in', session };
    // /v1/session is public: a stale, revoked or expired token gets 200 with the reason it was refused.
    if (session.tokenRefused) {
      forgetToken();
      return { state: 'out', message: `The token was refused: ${session.tokenRefused.message}` };
    }
    return { state: 'out' };
  } catch (error) {
    const failure = toFailure(error);
    if (failure.status === 401) {
      forgetToken();
      return { state: 'out', message: `The token was refused: ${failure.message}` };
    }
    return { state: 'out', message: failure.message };
  }
}

export function SignInGate({ children }: { children: ReactNode }) {
  const [gate, setGate] = useState<GateState>({ state: 'checking' });
  const [token, setToken] = useState('');

  useEffect(() => {
    takeTokenFromAddress();
    void check().then(setGate);
    const refused = (): void => {
      forgetToken();
      setGate({
        state: 'out',
        message: 'The server refused the token (it may have expired or been revoked). Paste a valid one.',
      });
    };
    window.addEventListener(SIGN_IN_NEEDED, refused);
    return () => window.removeEventListener(SIGN_IN_NEEDED, refused);
  }, []);

  const submit = useCallback(
    (event: FormEvent) => {
      event.preventDefault();
      const value = token.trim();
      if (value.length === 0) return;
      rememberToken(value);
      setGate({ state: 'checking' });
      void check().then(setGate);
    },
    [token],
  );

  if (gate.state === 'checking') return <p className="state loading">Connecting to the reeflow server…</p>;
  if (gate.state === 'in') {
    const { principal } = gate.session;
    return (
      <>
        {gate.session.auth === 'required' && principal ? (
          <div className="session-bar" data-testid="session-bar">
            Signed in as {principal.name} ({principal.role}
            {principal.scope
              ? `, ${Object.entries(principal.scope)
                  .map(([k, v]) => `${k} ${v}`)
                  .join(', ')}`
              : ''}
            )
            <button
              type="button"
              className="small"
              onClick={() => {
                forgetToken();
                setToken('');
                setGate({ state: 'out', message: 'Signed out. Paste a token to sign in again.' });
              }}
            >
              Sign out
            </button>
          </div>
        ) : null}
        {children}
      </>
    );
  }
  return (
    <main className="sign-in">
      <h1>Sign in to reeflow</h1>
      <p>
        This server needs an API token. <code>reeflow serve</code> prints an admin token and a sign-in link on
        its first start; an admin can create more with <code>reeflow token create --role …</code>.
      </p>
      {gate.message ? (
        <p className="state error" role="alert">
          {gate.message}
        </p>
      ) : null}
      <form onSubmit={submit} aria-label="Sign in">
        <label className="field">
          API token
          <input
            type="password"
            autoComplete="off"
            value={token}
            onChange={(event) => setToken(event.target.value)}
            placeholder="rf_…"
          />
        </label>
        <button type="submit" disabled={token.trim().length === 0}>
          Sign in
        </button>
      </form>
    </main>
  );
}
