import { userInfo } from 'node:os';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { parseDuration } from '../model/index.js';
import { ROLES, type Principal, type Role } from '../server/auth.js';
import { openTokenFile, parseScope } from '../server/tokens.js';
import { CliError } from './errors.js';
import type { CliIo } from './io.js';
import { renderTable, toJson } from './output.js';

interface TokenCreateOptions {
  role: string;
  scope?: string;
  name?: string;
  expires?: string;
  dataDir: string;
  json?: boolean;
}

/** `30d`, `6mo` (from now) or a date `2027-01-01` (UTC midnight) → ms since the epoch. */
function toExpiry(text: string, now: number): number {
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) {
    const at = Date.parse(`${text}T00:00:00Z`);
    if (Number.isFinite(at)) return at;
  }
  const days = parseDuration(text);
  if (days === undefined || !(days > 0))
    throw new CliError(
      'TOKEN_BAD_EXPIRY',
      `--expires expects a duration such as 30d or 6mo, or a date YYYY-MM-DD; got '${text}'`,
    );
  return now + days * 86_400_000;
}

/** Who the audit log names for changes made from this command line. */
function cliActor(): Principal {
  let user = 'unknown user';
  try {
    user = userInfo().username;
  } catch {
    // no user database entry (some containers): keep 'unknown user'
  }
  return { id: 'cli', name: `reeflow token (${user})`, role: 'admin' };
}

/** `reeflow token create|list|revoke`: API tokens with roles and scopes in the data folder (hashes only). */
export function registerToken(program: Command, io: CliIo, _setExit: (code: number) => void): void {
  const token = program
    .command('token')
    .description('API tokens for reeflow serve: create one (printed once), list or revoke them');
  token
    .command('create')
    .description('create a token with a role and scope; only its hash is stored (in <data-dir>/tokens.json)')
    .requiredOption('--role <role>', `one of ${ROLES.join(', ')}`)
    .option(
      '--scope <key=id>',
      'planner: operator=NAME; authority: jurisdiction=ID (sub-jurisdictions included); device: facility=ID',
    )
    .option('--name <name>', 'who or what holds it')
    .option('--expires <when>', 'a duration (30d, 6mo) or a date YYYY-MM-DD; default never')
    .option('--data-dir <dir>', 'the data folder reeflow serve uses', './.reeflow')
    .option('--json', 'print {token, id, role, scope, expiresAt} as JSON')
    .addHelpText(
      'after',
      "\nExamples:\n  reeflow token create --role authority --scope jurisdiction=CN-GS --name 'Gansu DRC' --expires 90d\n  reeflow token create --role device --scope facility=bayan-obo\n",
    )
    .action(async (options: TokenCreateOptions) => {
      if (!(ROLES as readonly string[]).includes(options.role))
        throw new CliError('TOKEN_BAD_ROLE', `unknown role '${options.role}'; roles are ${ROLES.join(', ')}`);
      const role = options.role as Role;
      const scope = parseScope(role, options.scope);
      const store = await openTokenFile(resolve(io.cwd, options.dataDir));
      const expiresAt = options.expires === undefined ? undefined : toExpiry(options.expires, Date.now());
      const created = await store.create(
        {
          name: options.name ?? `${role}${scope ? ` ${Object.values(scope).join('')}` : ''}`,
          role,
          ...(scope ? { scope } : {}),
          ...(expiresAt === undefined ? {} : { expiresAt }),
        },
        cliActor(),
      );
      const { hash: _hash, ...record } = created.record;
      if (options.json) io.stdout(toJson({ token: created.token, ...record }));
      else
        io.stdout(
          `${created.token}\n\ntoken ${record.id} for ${record.name}: role ${role}${
            scope
              ? `, scope ${Object.entries(scope)
                  .map(([k, v]) => `${k}=${v}`)
                  .join('')}`
              : ''
          }${expiresAt === undefined ? '' : `, expires ${new Date(expiresAt).toISOString()}`}\nShown once: only its hash is kept in ${store.file}. Send it as 'Authorization: Bearer <token>'.\n`,
        );
    });
  token
    .command('revoke')
    .description(
      'revoke a token by id (see token list): it is refused from then on, also by a running server',
    )
    .argument('<id>', 'the token id, e.g. t2-1a2b3c')
    .option('--data-dir <dir>', 'the data folder reeflow serve uses', './.reeflow')
    .action(async (id: string, options: { dataDir: string }) => {
      const store = await openTokenFile(resolve(io.cwd, options.dataDir));
      const revoked = await store.revoke(id, cliActor());
      io.stdout(`revoked token ${revoked.id} (${revoked.name}, role ${revoked.role})\n`);
    });
  token
    .command('list')
    .description('list the tokens of a data folder (never the tokens themselves)')
    .option('--data-dir <dir>', 'the data folder reeflow serve uses', './.reeflow')
    .action(async (options: { dataDir: string }) => {
      const store = await openTokenFile(resolve(io.cwd, options.dataDir));
      io.stdout(
        `${renderTable(
          ['id', 'name', 'role', 'scope', 'expires'],
          store.list().map((t) => [
            t.id,
            t.name,
            t.role,
            t.scope
              ? Object.entries(t.scope)
                  .map(([k, v]) => `${k}=${v}`)
                  .join(' ')
              : '',
            t.expiresAt === undefined ? '' : new Date(t.expiresAt).toISOString(),
          ]),
        )}\n`,
      );
    });
}
