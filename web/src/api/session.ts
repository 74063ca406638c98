/**
 * The dashboard's token (issue 9): kept in localStorage and sent as `Authorization: Bearer`; also
 * set as a SameSite=Strict cookie, which the server reads on event streams only (EventSource cannot
 * send headers). `reeflow serve` prints a URL with `#token=…` on first start: opening it signs in,
 * and the token is taken out of the address bar at once.
 */
const STORAGE_KEY = 'reeflow.token';
const COOKIE = 'reeflow_token';

/** The stored token, if any. */
export function storedToken(): string | undefined {
  try {
    return window.localStorage.getItem(STORAGE_KEY) ?? undefined;
  } catch {
    return undefined;
  }
}

/** Keeps a token for later visits and for event streams. */
export function rememberToken(token: string): void {
  window.localStorage.setItem(STORAGE_KEY, token);
  document.cookie = `${COOKIE}=${encodeURIComponent(token)}; path=/; SameSite=Strict`;
}

/** Forgets the token (signs out). */
export function forgetToken(): void {
  window.localStorage.removeItem(STORAGE_KEY);
  document.cookie = `${COOKIE}=; path=/; SameSite=Strict; max-age=0`;
}

/** Takes `#token=…` out of the address (keeping the rest of it) and remembers the token. */
export function takeTokenFromAddress(): void {
  const hash = window.location.hash.replace(/^#/, '');
  const params = new URLSearchParams(hash);
  const token = params.get('token');
  if (token === null) return;
  if (token.length > 0) rememberToken(token);
  params.delete('token');
  const rest = params.toString();
  window.history.replaceState(
    window.history.state,
    '',
    `${window.location.pathname}${window.location.search}${rest ? `#${rest}` : ''}`,
  );
}

/** The event the API client fires when the server refuses the token (401): the sign-in form opens. */
export const SIGN_IN_NEEDED = 'reeflow:sign-in-needed';
