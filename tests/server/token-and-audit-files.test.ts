/**
 * The data folder's secrets and records. Token commands run at once by several processes (`reeflow token create` in a script loop, or the
 * CLI while the server revokes one) must not overwrite each other's tokens. Each store below is a
 * separate `openTokenFile`, as a separate process would have.
 */
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openFileAuditLog } from '../../src/server/audit.js';
import { openTokenFile } from '../../src/server/tokens.js';

const dir = mkdtempSync(join(tmpdir(), 'reeflow-tokens-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('token file under concurrent writers', () => {
  it('eight concurrent creates by eight separate stores keep all eight tokens', async () => {
    const stores = await Promise.all(Array.from({ length: 8 }, () => openTokenFile(dir)));
    const created = await Promise.all(
      stores.map((store, i) => store.create({ name: `writer ${i}`, role: 'analyst' })),
    );
    const onDisk = JSON.parse(readFileSync(join(dir, 'tokens.json'), 'utf8')) as { id: string }[];
    expect(onDisk.map((t) => t.id).sort()).toEqual(created.map((c) => c.record.id).sort());
    expect(new Set(onDisk.map((t) => t.id)).size).toBe(8);
  });

  it('a revoke and creates at once keep the new tokens and drop only the revoked one', async () => {
    const first = await openTokenFile(dir);
    const victim = first.list()[0];
    if (!victim) throw new Error('the first test leaves tokens');
    const others = await Promise.all(Array.from({ length: 4 }, () => openTokenFile(dir)));
    const [, ...created] = await Promise.all([
      first.revoke(victim.id),
      ...others.map((store, i) => store.create({ name: `late ${i}`, role: 'analyst' })),
    ]);
    const ids = (JSON.parse(readFileSync(join(dir, 'tokens.json'), 'utf8')) as { id: string }[]).map(
      (t) => t.id,
    );
    expect(ids).not.toContain(victim.id);
    for (const c of created) expect(ids).toContain(c.record.id);
    expect(ids).toHaveLength(8 - 1 + 4);
  });
});

describe('audit log file', () => {
  it('is created readable by its owner only (0600), like tokens.json, and an older 0644 log is tightened', async () => {
    const fresh = join(dir, 'fresh', 'audit.jsonl');
    const log = await openFileAuditLog(fresh);
    await log.record({
      actor: { id: 'cli', name: 'test', role: 'admin' },
      action: 'token.create',
      target: 'tokens/t1',
    });
    expect(statSync(fresh).mode & 0o777).toBe(0o600);
    const old = join(dir, 'old-audit.jsonl');
    writeFileSync(old, '');
    chmodSync(old, 0o644);
    await openFileAuditLog(old);
    expect(statSync(old).mode & 0o777).toBe(0o600);
  });
});
