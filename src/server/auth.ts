/**
 * Token auth with roles. Clients send `Authorization: Bearer <token>`; tokens are kept only as
 * sha256 hashes behind a `TokenStore` port. Routes declare who may call them through their
 * `config` (`public`, or `roles`); with no token store configured (the embedded single-user
 * default) every request is allowed and the server says so once in its log.
 */
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ApiError } from './errors.js';

export const ROLES = ['admin', 'planner', 'authority', 'analyst', 'device'] as const;
export type Role = (typeof ROLES)[number];

/** People who may read models, plans and results (the default for a route). */
export const READERS: readonly Role[] = ['admin', 'planner', 'authority', 'analyst'];
/** Who may start and cancel plans and other jobs. */
export const PLANNERS: readonly Role[] = ['admin', 'planner', 'authority'];
/** Who may upload and change models. */
export const EDITORS: readonly Role[] = ['admin', 'planner'];
/** Who may send telemetry. */
export const DEVICES: readonly Role[] = ['admin', 'device'];
export const ADMINS: readonly Role[] = ['admin'];

/**
 * What a token may reach (issue 9): a planner an operator's facilities and projects, an authority a
 * jurisdiction and everything inside it, a device one facility. No scope: the role's whole reach.
 */
export interface Scope {
  operator?: string;
  jurisdiction?: string;
  facility?: string;
}

/** Who is calling; `anonymous` when auth is off. */
export interface Principal {
  id: string;
  name: string;
  role: Role;
  scope?: Scope;
}

export interface TokenRecord extends Principal {
  /** sha256 of the token, hex. */
  hash: string;
  /** Milliseconds since the epoch after which the token is refused. */
  expiresAt?: number;
}

/** Where tokens live: in memory here, or a JSON file in the data folder (src/server/tokens.ts). */
export interface TokenStore {
  findByHash(hash: string): Promise<TokenRecord | undefined>;
  /** The clock expiry is judged by; default Date.now. */
  clock?: () => number;
}

/** sha256 hex of a token, as stored. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/**
 * An in-memory token store from plain tokens (hashed on the way in) or already-hashed ones.
 *
 * @example createMemoryTokenStore([{ id: 'ops', name: 'Ops', role: 'admin', token: 's3cret' }])
 */
export function createMemoryTokenStore(
  entries: readonly (Principal & { expiresAt?: number } & ({ token: string } | { hash: string }))[],
  clock?: () => number,
): TokenStore {
  const byHash = new Map<string, TokenRecord>();
  for (const entry of entries) {
    const hash = 'token' in entry ? hashToken(entry.token) : entry.hash.toLowerCase();
    const {
      token: _token,
      hash: _hash,
      ...rest
    } = entry as Principal & { expiresAt?: number; token?: string; hash?: string };
    byHash.set(hash, { ...rest, hash });
  }
  return { findByHash: (hash) => Promise.resolve(byHash.get(hash)), ...(clock ? { clock } : {}) };
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** No token needed (health, metrics, OpenAPI). */
    public?: boolean;
    /** Roles allowed; default READERS. `admin` is always allowed. */
    roles?: readonly Role[];
  }
  interface FastifyRequest {
    principal: Principal;
    /** On public routes: why the token sent was not accepted (the route answers as if none was sent). */
    tokenRefused?: { code: string; message: string };
  }
  interface FastifyInstance {
    /** True when requests need tokens (false in the embedded single-user mode). */
    authRequired: boolean;
  }
}

/**
 * The cookie the dashboard sets on sign-in, read only on GET event-stream routes (`…/events`):
 * EventSource cannot send an Authorization header, and a SameSite=Strict cookie keeps the token
 * out of URLs and logs. Every other route needs the header.
 */
export const TOKEN_COOKIE = 'reeflow_token';

const INVALID_TOKEN = { 'www-authenticate': 'Bearer error="invalid_token"' };

/** A cookie value percent-decoded; a value that is not valid percent-encoding (`%`, `%E0%A4%A`) is a 401. */
function decodeCookie(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    throw new ApiError(
      'UNAUTHENTICATED',
      `the ${TOKEN_COOKIE} cookie is not valid percent-encoding; sign in again (or send 'Authorization: Bearer <token>')`,
      undefined,
      INVALID_TOKEN,
    );
  }
}

function cookieTokenOf(request: FastifyRequest): string | undefined {
  if (request.method !== 'GET' || !(request.routeOptions.url ?? '').endsWith('/events')) return undefined;
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at > 0 && part.slice(0, at).trim() === TOKEN_COOKIE) {
      const value = decodeCookie(part.slice(at + 1).trim());
      return value.length > 0 ? value : undefined;
    }
  }
  return undefined;
}

const ANONYMOUS: Principal = { id: 'anonymous', name: 'anonymous (auth off)', role: 'admin' };

function bearerOf(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (header === undefined) return cookieTokenOf(request);
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match?.[1])
    throw new ApiError('UNAUTHENTICATED', "the Authorization header must be 'Bearer <token>'", undefined, {
      'www-authenticate': 'Bearer',
    });
  return match[1];
}

/**
 * Who a token belongs to; a coded UNAUTHENTICATED error when it is unknown, revoked or expired.
 * The HTTP hook and the MQTT broker (token as password) both check tokens here.
 *
 * @example const principal = await verifyToken(tokens, 'rf_…')
 */
export async function verifyToken(tokens: TokenStore, token: string): Promise<Principal> {
  const record = await tokens.findByHash(hashToken(token));
  if (!record)
    throw new ApiError('UNAUTHENTICATED', 'the token is not known or was revoked', undefined, INVALID_TOKEN);
  if (record.expiresAt !== undefined && record.expiresAt <= (tokens.clock ?? Date.now)()) {
    throw new ApiError(
      'UNAUTHENTICATED',
      `the token expired at ${new Date(record.expiresAt).toISOString()}; ask an admin for a new one`,
      undefined,
      INVALID_TOKEN,
    );
  }
  return {
    id: record.id,
    name: record.name,
    role: record.role,
    ...(record.scope ? { scope: record.scope } : {}),
  };
}

/** Adds the auth hook: resolves `request.principal` and enforces each route's `config.roles`. */
export function installAuth(app: FastifyInstance, tokens: TokenStore | undefined): void {
  app.decorateRequest('principal', null as unknown as Principal);
  app.decorateRequest('tokenRefused', undefined);
  app.decorate('authRequired', tokens !== undefined);
  if (!tokens) {
    app.log.warn('auth is off: no tokens configured, every request is allowed (embedded single-user mode)');
    app.addHook('onRequest', async (request) => {
      request.principal = ANONYMOUS;
    });
    return;
  }
  const principalOf = async (request: FastifyRequest): Promise<Principal | undefined> => {
    const token = bearerOf(request);
    return token === undefined ? undefined : verifyToken(tokens, token);
  };
  app.addHook('onRequest', async (request) => {
    const config = request.routeOptions.config;
    if (config.public === true || request.is404) {
      // A public route answers the same with a stale, revoked or malformed token as with none: a
      // probe or a dashboard holding an old token must not see the server as down.
      try {
        const record = await principalOf(request);
        if (record) request.principal = record;
      } catch (error) {
        if (!(error instanceof ApiError)) throw error;
        request.tokenRefused = { code: error.code, message: error.message };
      }
      return;
    }
    const record = await principalOf(request);
    if (record) request.principal = record;
    if (!record)
      throw new ApiError(
        'UNAUTHENTICATED',
        "this route needs a token: send 'Authorization: Bearer <token>'",
        undefined,
        { 'www-authenticate': 'Bearer' },
      );
    const roles = config.roles ?? READERS;
    if (record.role !== 'admin' && !roles.includes(record.role)) {
      throw new ApiError(
        'FORBIDDEN',
        `role '${record.role}' may not call ${request.method} ${request.routeOptions.url ?? ''}; allowed: ${roles.join(', ')}`,
      );
    }
  });
}
