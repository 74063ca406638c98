import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../src/store/index.js';
import { run } from '../cli/run.js';

const dir = mkdtempSync(join(tmpdir(), 'reeflow-cli-operate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('reeflow emit and ingest', () => {
  it('emits valid, seeded NDJSON for a bundled model and ingests it idempotently', async () => {
    const emitted = await run([
      'emit',
      'data/two-base',
      '--count',
      '300',
      '--seed',
      '7',
      '--faults',
      'drift,pump',
    ]);
    expect(emitted.code).toBe(0);
    const lines = emitted.stdout.trim().split('\n');
    expect(lines.length).toBe(300);
    const kinds = new Set(lines.map((l) => (JSON.parse(l) as { kind: string }).kind));
    for (const kind of ['assay', 'inventory', 'production', 'sensor', 'shipment'])
      expect(kinds).toContain(kind);
    const again = await run(['emit', 'data/two-base', '--count', '300', '--seed', '7']);
    expect(
      again.stdout
        .split('\n')
        .map((l) => (l ? (JSON.parse(l) as { id: string }).id : ''))
        .slice(0, 5),
    ).toEqual(lines.map((l) => (JSON.parse(l) as { id: string }).id).slice(0, 5));

    const file = join(dir, 'events.ndjson');
    writeFileSync(file, emitted.stdout);
    const dataDir = join(dir, 'store-a');
    const first = await run(['ingest', file, '--data-dir', dataDir, '--model', 'data/two-base']);
    expect(first.stderr).toBe('');
    expect(first.stdout).toContain('300 events read, 300 stored, 0 already stored, 0 rejected');
    const second = await run(['ingest', file, '--data-dir', dataDir]);
    expect(second.stdout).toContain('300 events read, 0 stored, 300 already stored, 0 rejected');
  });

  it('ingests CSV rows, reporting each bad row with its line and code', async () => {
    const file = join(dir, 'assays.csv');
    writeFileSync(
      file,
      [
        'id,kind,facility,time,lot,material,analyte,value,unit',
        'c1,assay,baotou-separation,2026-03-01T08:00:00Z,L1,Nd-oxide,purity,99.52,%',
        'c2,assay,baotou-separation,1772352000000,L2,Nd-oxide,purity,NaN,%',
        'c3,assay,nowhere,2026-03-01T09:00:00Z,L3,Nd-oxide,purity,99.4,%',
        'c4,assay,baotou-separation,2026-03-01T10:00:00Z,L4,Nd-oxide,purity,99.47,%',
      ].join('\n'),
    );
    const dataDir = join(dir, 'store-b');
    const result = await run(['ingest', file, '--data-dir', dataDir, '--model', 'data/two-base']);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('4 events read, 2 stored, 0 already stored, 2 rejected');
    expect(result.stderr).toContain('assays.csv:3: TELEMETRY_NON_FINITE (c2)');
    expect(result.stderr).toContain('assays.csv:4: TELEMETRY_UNKNOWN_FACILITY (c3)');
    const store = openSqliteStore({ dataDir });
    const [first] = await store.telemetry.query({ kind: 'assay' });
    expect(first?.event).toMatchObject({ id: 'c1', value: 99.52, time: Date.UTC(2026, 2, 1, 8) });
    await store.close();
  });
});

describe('reeflow replan', () => {
  it('starts the plan from measured inventories and outages', async () => {
    const dataDir = join(dir, 'store-c');
    const file = join(dir, 'state.ndjson');
    const t = (d: number): number => Date.UTC(2026, 2, d);
    writeFileSync(
      file,
      [
        {
          id: 'i1',
          kind: 'inventory',
          facility: 'baotou-hub',
          time: t(14),
          material: 'Nd-oxide',
          tonnes: 1200,
        },
        // Baotou separation stopped for 3.1 days in March (31 days): 10% of March capacity lost.
        {
          id: 'm1',
          kind: 'maintenance',
          facility: 'baotou-separation',
          time: t(10),
          asset: 'leach-train-2',
          type: 'unplanned',
          start: t(10),
          end: t(13) + 2.4 * 3_600_000,
          process: 'separate',
        },
      ]
        .map((e) => JSON.stringify(e))
        .join('\n'),
    );
    expect((await run(['ingest', file, '--data-dir', dataDir])).code).toBe(0);
    const result = await run([
      'replan',
      'data/two-base',
      '--data-dir',
      dataDir,
      '--as-of',
      '2026-03-15T00:00:00Z',
      '--json',
    ]);
    expect(result.stderr).toBe('');
    const body = JSON.parse(result.stdout) as {
      changes: { kind: string; target: string; detail: string }[];
      result: { status: string; periods: string[]; stockpiles: { stockpile: string }[] };
    };
    expect(body.changes.map((c) => [c.kind, c.target])).toEqual([
      ['horizon', 'horizon'],
      ['inventory', 'baotou-hub/Nd-oxide'],
      ['outage', 'baotou-separation/separate'],
    ]);
    expect(body.changes[2]?.detail).toBe('10.0% of 2026-03 capacity lost to maintenance');
    expect(body.result.status).toBe('optimal');
    expect(body.result.periods[0]).toBe('2026-03');
    expect(body.result.periods.length).toBe(10);
    expect(body.result.stockpiles.some((s) => s.stockpile === 'measured:baotou-hub:Nd-oxide')).toBe(true);
  }, 120_000);
});
