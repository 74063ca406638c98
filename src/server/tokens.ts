/**
 * Tokens kept in `<data-dir>/tokens.json` (issue 9): sha256 hashes only, with role, scope and
 * expiry. `reeflow token create` adds to it and prints the token once, `reeflow token revoke` removes
 * one; `reeflow serve` reads it and, on first start with no tokens at all, creates an admin token and
 * prints it once. Every creation and revocation is recorded in the data folder's audit log.
 */
import { CodedError } from '../coded-error.js';
import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { auditFileOf, openFileAuditLog } from './audit.js';
import {
  hashToken,
  ROLES,
  type Principal,
  type Role,
  type Scope,
  type TokenRecord,
  type TokenStore,
} from './auth.js';
import { definedFields } from '../defined-fields.js';

const recordSchema = z.object({
  id: z.string(),
  name: z.string(),
  role: z.enum(ROLES),
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  scope: z
    .object({
      operator: z.string().optional(),
      jurisdiction: z.string().optional(),
      facility: z.string().optional(),
    })
    .strict()
    .optional(),
  expiresAt: z.number().optional(),
  createdAt: z.string(),
});
const fileSchema = z.array(recordSchema);
type StoredToken = z.infer<typeof recordSchema>;

/** A coded error of token files and scopes. */
export class TokenError extends CodedError<
  'TOKEN_BAD_SCOPE' | 'TOKEN_BAD_FILE' | 'TOKEN_BAD_EXPIRY' | 'TOKEN_NOT_FOUND'
> {
  override readonly name = 'TokenError';
}

/** Which scope key each role takes (admin and analyst take none). */
export const SCOPE_OF_ROLE: Record<Role, keyof Scope | undefined> = {
  admin: undefined,
  analyst: undefined,
  planner: 'operator',
  authority: 'jurisdiction',
  device: 'facility',
};

/**
 * Parses `operator=China Northern Rare Earth`, `jurisdiction=CN-NM` or `facility=bayan-obo` for a
 * role; a coded error when the key does not fit the role.
 */
export function parseScope(role: Role, text: string | undefined): Scope | undefined {
  const key = SCOPE_OF_ROLE[role];
  if (text === undefined || text.trim() === '') return undefined;
  const at = text.indexOf('=');
  const [name, value] = at < 0 ? [key ?? '', text] : [text.slice(0, at).trim(), text.slice(at + 1).trim()];
  if (key === undefined)
    throw new TokenError(
      'TOKEN_BAD_SCOPE',
      `role '${role}' takes no scope (it reaches everything its role allows); got '${text}'`,
    );
  if (name !== key || value.length === 0)
    throw new TokenError(
      'TOKEN_BAD_SCOPE',
      `role '${role}' is scoped by ${key}: write --scope ${key}=ID; got '${text}'`,
    );
  return { [key]: value };
}

/** A new random token: `rf_` and 32 url-safe characters (192 bits). */
export function generateToken(): string {
  return `rf_${randomBytes(24).toString('base64url')}`;
}

export interface TokenFileStore extends TokenStore {
  readonly file: string;
  list(): TokenRecord[];
  /** Adds a token and returns it in clear (the only time it is seen); audited as done `by`. */
  create(
    input: { name: string; role: Role; scope?: Scope; expiresAt?: number },
    by?: Principal,
  ): Promise<{ token: string; record: TokenRecord }>;
  /** Removes a token (it is refused from then on); audited as done `by`. A coded error when unknown. */
  revoke(id: string, by?: Principal): Promise<TokenRecord>;
}

/** A lock older than this was left by a process that died holding it, ms. */
const STALE_LOCK_MS = 10_000;
/** How long a writer waits for the lock before giving up with a coded error, ms. */
const LOCK_WAIT_MS = 10_000;

/**
 * Runs `change` while holding `<file>.lock` (created exclusively), so that token commands run at
 * once by several processes (a script creating tokens in a loop, the CLI beside the server) read,
 * change and write the file one at a time instead of overwriting each other's tokens.
 */
async function withFileLock<T>(file: string, change: () => Promise<T>): Promise<T> {
  const lock = `${file}.lock`;
  const started = Date.now();
  for (;;) {
    try {
      await (await open(lock, 'wx', 0o600)).close();
      break;
    } catch (error) {
      if ((error as { code?: string }).code !== 'EEXIST') throw error;
      const age = await stat(lock).then(
        (s) => Date.now() - s.mtimeMs,
        () => 0,
      );
      if (age > STALE_LOCK_MS) await rm(lock, { force: true });
      else if (Date.now() - started > LOCK_WAIT_MS)
        throw new TokenError(
          'TOKEN_BAD_FILE',
          `${lock} has been held by another reeflow process for ${Math.round(age / 1000)} s; if none is running, delete it`,
        );
      else await sleep(5 + Math.floor(Math.random() * 20));
    }
  }
  try {
    return await change();
  } finally {
    await rm(lock, { force: true });
  }
}

/** Who changes tokens when no one is named: the server itself (the first admin token). */
export const SYSTEM_ACTOR: Principal = { id: 'system', name: 'reeflow (first start)', role: 'admin' };

/** A token as the audit log shows it: never its hash. */
const toAuditView = (record: TokenRecord): Record<string, unknown> => {
  const { hash: _hash, ...rest } = record;
  return rest;
};

/**
 * Opens (or starts) the token file of a data folder.
 *
 * @example const tokens = await openTokenFile('.reeflow'); const { token } = await tokens.create({ name: 'ops', role: 'admin' });
 */
export async function openTokenFile(
  dataDir: string,
  clock: () => number = Date.now,
): Promise<TokenFileStore> {
  const file = join(dataDir, 'tokens.json');
  let stored: StoredToken[] = [];
  let version = '';
  /** Reads the file again when it changed on disk (another process created or revoked a token). */
  const load = async (force = false): Promise<void> => {
    const seen = await stat(file).then(
      (s) => `${s.mtimeMs}:${s.size}`,
      () => 'missing',
    );
    if (seen === version && !force) return;
    const text = await readFile(file, 'utf8').catch((error: unknown) =>
      (error as { code?: string }).code === 'ENOENT' ? undefined : Promise.reject(error),
    );
    if (text !== undefined) {
      const parsed = fileSchema.safeParse(JSON.parse(text));
      if (!parsed.success)
        throw new TokenError(
          'TOKEN_BAD_FILE',
          `${file} is not a token file: ${parsed.error.issues[0]?.message ?? ''}`,
        );
      stored = parsed.data;
    } else stored = [];
    version = seen;
  };
  await load();
  const toRecord = (t: StoredToken): TokenRecord => ({
    id: t.id,
    name: t.name,
    role: t.role,
    hash: t.hash,
    ...(t.scope ? { scope: t.scope as Scope } : {}),
    ...definedFields({ expiresAt: t.expiresAt }),
  });
  const save = async (): Promise<void> => {
    const temporary = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    await writeFile(temporary, `${JSON.stringify(stored, null, 2)}\n`, { mode: 0o600 });
    await rename(temporary, file);
    version = await stat(file).then((s) => `${s.mtimeMs}:${s.size}`);
  };
  const audit = (
    action: string,
    record: TokenRecord,
    by: Principal,
    change: { before?: unknown; after?: unknown },
  ): Promise<unknown> =>
    openFileAuditLog(auditFileOf(dataDir), clock).then((log) =>
      log.record({ actor: by, action, target: `tokens/${record.id}`, ...change }),
    );
  return {
    file,
    clock,
    // Re-read on change, so a token revoked with `reeflow token revoke` is refused by a running server.
    findByHash: async (hash) => {
      await load().catch(() => undefined);
      const found = stored.find((t) => t.hash === hash);
      return found ? toRecord(found) : undefined;
    },
    list: () => stored.map(toRecord),
    async create(input, by = SYSTEM_ACTOR) {
      await mkdir(dataDir, { recursive: true });
      const entry = await withFileLock(file, async () => {
        await load(true);
        if (input.expiresAt !== undefined && !(input.expiresAt > clock()))
          throw new TokenError(
            'TOKEN_BAD_EXPIRY',
            'the token would expire before it is created; give a future expiry',
          );
        const token = generateToken();
        const added: StoredToken = {
          id: `t${stored.length + 1}-${randomBytes(3).toString('hex')}`,
          name: input.name,
          role: input.role,
          hash: hashToken(token),
          ...(input.scope ? { scope: input.scope } : {}),
          ...definedFields({ expiresAt: input.expiresAt }),
          createdAt: new Date(clock()).toISOString(),
        };
        stored = [...stored, added];
        await save();
        return { token, added };
      });
      const { token } = entry;
      const record = toRecord(entry.added);
      await audit('token.create', record, by, { after: toAuditView(record) });
      return { token, record };
    },
    async revoke(id, by = SYSTEM_ACTOR) {
      await mkdir(dataDir, { recursive: true });
      const found = await withFileLock(file, async () => {
        await load(true);
        const match = stored.find((t) => t.id === id);
        if (!match)
          throw new TokenError('TOKEN_NOT_FOUND', `no token '${id}' in ${file}; see reeflow token list`);
        stored = stored.filter((t) => t !== match);
        await save();
        return match;
      });
      const record = toRecord(found);
      await audit('token.revoke', record, by, { before: toAuditView(record) });
      return record;
    },
  };
}

/**
 * The embedded default's first start: when the data folder has no token yet, creates an admin
 * token and returns it in clear (print it once; only its hash is kept). Later starts return nothing.
 */
export async function ensureAdminToken(store: TokenFileStore): Promise<string | undefined> {
  if (store.list().length > 0) return undefined;
  const { token } = await store.create({ name: 'admin (created on first start)', role: 'admin' });
  return token;
}
