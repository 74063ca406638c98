/**
 * The fast acceptance path must accept exactly what the zod schema accepts, with the same output
 * (same value, same key order); whatever it does not accept is zod's to explain. When it says an
 * output is verbatim (its input unchanged), the input's JSON text is stored in its place, so that
 * claim is checked too. Checked on every telemetry kind with random valid events and random
 * mutations of them (wrong types, bad names, out-of-range numbers, unknown keys, missing fields).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { compileFastParse, NOT_ACCEPTED } from '../../src/monitor/fast-parse.js';
import { MAX_TELEMETRY_TIME, MIN_TELEMETRY_TIME, telemetryEventSchema } from '../../src/monitor/index.js';

const fast = compileFastParse(telemetryEventSchema);
const T = Date.UTC(2026, 2, 10);

let verbatimSeen = 0;

/**
 * The same answer from both: zod's output (compared as JSON text, key order included) or a refusal;
 * and an output called verbatim is the input as JSON data.
 */
function agree(raw: unknown): void {
  const zod = telemetryEventSchema.safeParse(raw);
  const out = fast(raw);
  if (zod.success)
    expect(out === NOT_ACCEPTED ? 'not accepted' : JSON.stringify(out)).toBe(JSON.stringify(zod.data));
  else expect(out).toBe(NOT_ACCEPTED);
  if (out !== NOT_ACCEPTED && fast.verbatim) {
    verbatimSeen += 1;
    expect(out).toStrictEqual(raw);
  }
}

/** Mostly valid values, sometimes one on or past a limit, so both acceptance and refusal are common. */
const mostly = <T, U>(valid: fc.Arbitrary<T>, edge: fc.Arbitrary<U>): fc.Arbitrary<T | U> =>
  fc.oneof({ arbitrary: valid, weight: 12 }, { arbitrary: edge, weight: 1 });
// Lone surrogates (`\ud800` escapes) are no characters: refused in every string; a pair (an emoji) is fine.
const name = mostly(
  fc.constantFrom('pump-3', 'sep-b', 'x'.repeat(128), 'ünïcödé', 'pump-😀'),
  fc.constantFrom(
    'a/b',
    'has space',
    '',
    'x'.repeat(129),
    'tab\there',
    'plus+',
    'lone\ud800',
    '\udc00first',
    'x\ud83d',
  ),
);
const text = mostly(
  fc.constantFrom('mm/s', 'y'.repeat(256), 'ICP-OES', 'with space', 'µm 😀'),
  fc.constantFrom('', 'y'.repeat(257), 3, 'lone\udfff', '\ud800', 'nul\u0000', 'tab\there'),
);
const number = mostly(
  fc.oneof(fc.double({ min: 0, max: 1e6, noNaN: true }), fc.integer({ min: 0 })),
  fc.oneof(fc.double(), fc.constantFrom(-1, -0.5, 2 ** 53, Infinity, NaN, '1')),
);
// Times at and past the schema's range (2000 to the end of 9999) and the JS date range (±8.64e15 ms).
const time = mostly(
  fc.integer({ min: T - 1e9, max: T + 1e9 }),
  fc.constantFrom(
    T + 0.5,
    '2026-03-10T00:00:00Z',
    '2026-03-10T01:00:00+01:00',
    '2026-03-10',
    'yesterday',
    -1,
    2 ** 53,
    8.64e15 + 1,
    -8.64e15 - 1,
    MIN_TELEMETRY_TIME,
    MIN_TELEMETRY_TIME - 1,
    MAX_TELEMETRY_TIME,
    MAX_TELEMETRY_TIME + 1,
    '0000-01-01T00:00:00Z',
    '9999-12-31T23:59:59.999Z',
    '9999-12-31T23:59:59-01:00',
    '1999-12-31T23:59:59Z',
  ),
);
const anything = fc.oneof(
  fc.string(),
  number,
  fc.boolean(),
  fc.constant(null),
  fc.constant([]),
  fc.constant({}),
);

const base = fc.record(
  {
    v: mostly(fc.constant(1), fc.constantFrom(2, '1')),
    id: fc.oneof(name, fc.string({ maxLength: 4 })),
    facility: name,
    time,
    source: text,
  },
  { requiredKeys: ['id', 'facility', 'time'] },
);
const kinds = {
  production: fc.record(
    {
      kind: fc.constant('production'),
      process: name,
      material: name,
      tonnes: number,
      inputs: fc.dictionary(fc.oneof(fc.string({ maxLength: 3 }), fc.constantFrom('k\ud800', '😀')), number, {
        maxKeys: 3,
      }),
    },
    { requiredKeys: ['kind', 'process', 'material', 'tonnes'] },
  ),
  inventory: fc.record({ kind: fc.constant('inventory'), material: name, tonnes: number }),
  shipment: fc.record(
    {
      kind: fc.constant('shipment'),
      shipment: name,
      status: mostly(fc.constantFrom('departed', 'arrived'), fc.constant('lost')),
      from: name,
      to: name,
      material: name,
      tonnes: number,
      route: text,
    },
    { requiredKeys: ['kind', 'shipment', 'status', 'from', 'to', 'material', 'tonnes'] },
  ),
  assay: fc.record(
    {
      kind: fc.constant('assay'),
      lot: name,
      material: name,
      analyte: text,
      value: number,
      unit: text,
      method: text,
    },
    { requiredKeys: ['kind', 'lot', 'material', 'analyte', 'value', 'unit'] },
  ),
  sensor: fc.record(
    { kind: fc.constant('sensor'), asset: name, tag: text, value: number, unit: text, process: name },
    { requiredKeys: ['kind', 'asset', 'tag', 'value', 'unit'] },
  ),
  maintenance: fc.record(
    {
      kind: fc.constant('maintenance'),
      asset: name,
      type: mostly(fc.constantFrom('planned', 'unplanned', 'inspection'), fc.constant('other')),
      start: time,
      end: time,
      process: name,
      availability: mostly(fc.double({ min: 0, max: 1, noNaN: true }), number),
    },
    { requiredKeys: ['kind', 'asset', 'type', 'start'] },
  ),
};
const event = fc
  .tuple(base, fc.oneof(...Object.values(kinds)))
  .map(([envelope, body]) => ({ ...envelope, ...body }) as Record<string, unknown>);

/** A random change to one field: another value, removal, or an unknown key. */
const mutated = fc
  .tuple(event, fc.nat(), anything, fc.constantFrom('set', 'delete', 'extra'))
  .map(([raw, pick, value, how]) => {
    const keys = Object.keys(raw);
    const key = keys[pick % keys.length] ?? 'id';
    const copy: Record<string, unknown> = { ...raw };
    if (how === 'set') copy[key] = value;
    else if (how === 'delete') Reflect.deleteProperty(copy, key);
    else copy['colour'] = value;
    return copy;
  });

describe('compileFastParse on the telemetry schema', () => {
  it('accepts what zod accepts, with the same output, and refuses the rest', () => {
    fc.assert(
      fc.property(event, (raw) => agree(raw)),
      { numRuns: 3000, seed: 6 },
    );
    fc.assert(
      fc.property(mutated, (raw) => agree(raw)),
      { numRuns: 3000, seed: 7 },
    );
    for (const raw of [
      null,
      1,
      'x',
      [],
      [{ kind: 'sensor' }],
      { kind: 'weather' },
      Object.create({ kind: 'sensor' }) as unknown,
    ])
      agree(raw);
    // The claim is made often enough to be tested, not only never.
    expect(verbatimSeen).toBeGreaterThan(300);
  });

  it('says verbatim only when nothing was added or converted', () => {
    const raw = {
      v: 1,
      id: 'e1',
      kind: 'sensor',
      facility: 'sep-b',
      time: T,
      asset: 'pump-3',
      tag: 'vibration',
      value: 4.2,
      unit: 'mm/s',
    };
    expect(fast(raw)).not.toBe(NOT_ACCEPTED);
    expect(fast.verbatim).toBe(true);
    const { v: _v, ...withoutVersion } = raw;
    expect(fast(withoutVersion)).not.toBe(NOT_ACCEPTED);
    expect(fast.verbatim).toBe(false);
    expect(fast({ ...raw, time: '2026-03-10T00:00:00Z' })).not.toBe(NOT_ACCEPTED);
    expect(fast.verbatim).toBe(false);
    // A record is rebuilt by zod: not claimed, though it would have been the same.
    expect(
      fast({
        v: 1,
        id: 'p1',
        kind: 'production',
        facility: 'sep-b',
        time: T,
        process: 'sx',
        material: 'ndpr-oxide',
        tonnes: 1,
        inputs: { 'mixed-reo': 2 },
      }),
    ).not.toBe(NOT_ACCEPTED);
    expect(fast.verbatim).toBe(false);
    // A stripping (not strict) object drops unknown keys: its output is not its input.
    const loose = compileFastParse(z.object({ a: z.number() }));
    expect(loose({ a: 1, extra: true })).toStrictEqual({ a: 1 });
    expect(loose.verbatim).toBe(false);
    expect(loose({ a: 1 })).toStrictEqual({ a: 1 });
    expect(loose.verbatim).toBe(true);
  });

  it('takes the fast path for a well-formed event (no zod call) and fills the default version', () => {
    const raw = {
      id: 'e1',
      kind: 'sensor',
      facility: 'sep-b',
      time: T,
      asset: 'pump-3',
      tag: 'vibration',
      value: 4.2,
      unit: 'mm/s',
    };
    expect(fast(raw)).toEqual({ v: 1, ...raw });
    // Key order is the schema's (envelope first), as zod outputs it.
    expect(Object.keys(fast(raw) as object)).toEqual([
      'v',
      'id',
      'facility',
      'time',
      'kind',
      'asset',
      'tag',
      'value',
      'unit',
    ]);
  });

  it('hands nodes it does not know to zod', () => {
    const schema = z
      .object({ at: z.iso.datetime(), n: z.number().multipleOf(5), tags: z.array(z.string()).max(2) })
      .strict();
    const parse = compileFastParse(schema);
    expect(parse({ at: '2026-03-10T00:00:00Z', n: 10, tags: ['a'] })).toEqual({
      at: '2026-03-10T00:00:00Z',
      n: 10,
      tags: ['a'],
    });
    expect(parse({ at: '2026-03-10T00:00:00Z', n: 11, tags: ['a'] })).toBe(NOT_ACCEPTED);
    expect(parse({ at: 'soon', n: 10, tags: [] })).toBe(NOT_ACCEPTED);
    expect(parse({ at: '2026-03-10T00:00:00Z', n: 10, tags: ['a', 'b', 'c'] })).toBe(NOT_ACCEPTED);
  });
});
