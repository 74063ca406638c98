import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashToken } from '../../src/server/auth.js';
import { openFileAuditLog } from '../../src/server/audit.js';
import { startServer } from '../../src/server/main.js';
import { openTokenFile, parseScope } from '../../src/server/tokens.js';
import { run } from '../cli/run.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'reeflow-tokens-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('reeflow token create', () => {
  it('prints the token once and stores only its hash, role, scope and expiry', async () => {
    const { code, stdout } = await run([
      'token',
      'create',
      '--role',
      'authority',
      '--scope',
      'jurisdiction=CN-GS',
      '--name',
      'Gansu DRC',
      '--expires',
      '90d',
      '--data-dir',
      join(dir, 'a'),
      '--json',
    ]);
    expect(code).toBe(0);
    const created = JSON.parse(stdout) as { token: string; role: string; scope: object; expiresAt: number };
    expect(created.token).toMatch(/^rf_[A-Za-z0-9_-]{32}$/);
    expect(created).toMatchObject({ role: 'authority', scope: { jurisdiction: 'CN-GS' } });
    const file = await readFile(join(dir, 'a', 'tokens.json'), 'utf8');
    expect(file).not.toContain(created.token);
    expect(file).toContain(hashToken(created.token));
    const store = await openTokenFile(join(dir, 'a'));
    expect(await store.findByHash(hashToken(created.token))).toMatchObject({
      role: 'authority',
      scope: { jurisdiction: 'CN-GS' },
      expiresAt: created.expiresAt,
    });
  });

  it('refuses scopes that do not fit the role, unknown roles and bad expiries with codes', async () => {
    expect(() => parseScope('planner', 'jurisdiction=CN')).toThrow(
      expect.objectContaining({ code: 'TOKEN_BAD_SCOPE' }),
    );
    expect(() => parseScope('analyst', 'operator=x')).toThrow(
      expect.objectContaining({ code: 'TOKEN_BAD_SCOPE' }),
    );
    expect(parseScope('device', 'bayan-obo')).toEqual({ facility: 'bayan-obo' });
    expect(await run(['token', 'create', '--role', 'king', '--data-dir', join(dir, 'b')])).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('TOKEN_BAD_ROLE'),
    });
    expect(
      await run([
        'token',
        'create',
        '--role',
        'planner',
        '--scope',
        'facility=x',
        '--data-dir',
        join(dir, 'b'),
      ]),
    ).toMatchObject({ code: 1, stderr: expect.stringContaining('TOKEN_BAD_SCOPE') });
    expect(
      await run(['token', 'create', '--role', 'admin', '--expires', 'soon', '--data-dir', join(dir, 'b')]),
    ).toMatchObject({ code: 1, stderr: expect.stringContaining('TOKEN_BAD_EXPIRY') });
  });
});

describe('reeflow token revoke, and the audit of token changes', () => {
  it('revokes a token (a running server refuses it from then on) and records creation and revocation without the secret', async () => {
    const dataDir = join(dir, 'revoke');
    const server = await startServer(
      {
        model: 'data/examples/binding-quota',
        port: 0,
        host: '127.0.0.1',
        dataDir,
        solver: 'highs',
        logLevel: 'silent',
        cwd: process.cwd(),
        embeddedAuth: true,
      },
      [],
    );
    try {
      const created = JSON.parse(
        (
          await run([
            'token',
            'create',
            '--role',
            'analyst',
            '--name',
            'desk',
            '--data-dir',
            dataDir,
            '--json',
          ])
        ).stdout,
      ) as { token: string; id: string };
      const models = (): Promise<number> =>
        fetch(`${server.url}/v1/models`, { headers: { authorization: `Bearer ${created.token}` } }).then(
          (r) => r.status,
        );
      expect(await models()).toBe(200); // created after the server started: read from the file on change
      expect(await run(['token', 'revoke', created.id, '--data-dir', dataDir])).toMatchObject({
        code: 0,
        stdout: `revoked token ${created.id} (desk, role analyst)\n`,
      });
      expect(await models()).toBe(401);
      expect(await run(['token', 'revoke', created.id, '--data-dir', dataDir])).toMatchObject({
        code: 1,
        stderr: expect.stringContaining('TOKEN_NOT_FOUND'),
      });
    } finally {
      await server.close();
    }
    const text = await readFile(join(dataDir, 'audit.jsonl'), 'utf8');
    const entries = await (await openFileAuditLog(join(dataDir, 'audit.jsonl'))).list();
    // Newest first: the revocation, the CLI's creation, the first admin token the server made.
    expect(entries.map((e) => [e.seq, e.action, e.actor.id])).toEqual([
      [3, 'token.revoke', 'cli'],
      [2, 'token.create', 'cli'],
      [1, 'token.create', 'system'],
    ]);
    expect(entries[0]?.before).toMatchObject({ name: 'desk', role: 'analyst' });
    expect(entries[1]?.after).toMatchObject({ name: 'desk', role: 'analyst' });
    expect(text).not.toMatch(/"hash"|rf_/); // neither the token nor its hash is in the log
  });
});

describe('embedded default: an admin token on first start', () => {
  it('creates and prints it once, then requires tokens', async () => {
    const options = {
      model: 'data/examples/binding-quota',
      port: 0,
      host: '127.0.0.1',
      dataDir: join(dir, 'serve'),
      solver: 'highs' as const,
      logLevel: 'silent',
      cwd: process.cwd(),
      embeddedAuth: true,
    };
    const first = await startServer(options, []);
    const line = first.describe.find((d) => d.startsWith('admin token'));
    const token = /: (rf_\S+)$/.exec(line ?? '')?.[1];
    expect(token).toBeDefined();
    expect(first.describe).toContain(`open the dashboard signed in: ${first.url}/#token=${token ?? ''}`);
    expect((await fetch(`${first.url}/v1/models`)).status).toBe(401);
    expect(
      (await fetch(`${first.url}/v1/models`, { headers: { authorization: `Bearer ${token ?? ''}` } })).status,
    ).toBe(200);
    await first.close();
    const second = await startServer(options, []);
    expect(second.describe.some((d) => d.startsWith('admin token'))).toBe(false);
    expect(second.describe).toContain('auth: bearer tokens required');
    await second.close();
    // --no-auth: single-user mode on the same folder, its tokens notwithstanding.
    const open = await startServer({ ...options, embeddedAuth: false }, []);
    expect(open.describe).toContain('auth: off (single-user mode; every request is allowed)');
    expect((await fetch(`${open.url}/v1/models`)).status).toBe(200);
    expect(await (await fetch(`${open.url}/v1/session`)).json()).toEqual({
      auth: 'off',
      principal: { id: 'anonymous', name: 'anonymous (auth off)', role: 'admin' },
    });
    await open.close();
  });
});
