/**
 * Hostile inputs for the fuzz suite, as fast-check arbitraries: values the telemetry schema must
 * refuse or survive (times outside the JS date range, 1e308, lone surrogates, deep nesting),
 * mutated events, raw bytes that are not UTF-8, model documents, headers, cookies and query strings.
 * Good events are made apart (`goodEvent`) with ids the harness tracks, so it can check that every
 * acknowledged good event is stored exactly once.
 */
import fc from 'fast-check';

/** The facility the fuzz device token may write for, and another one of data/two-base. */
export const FUZZ_FACILITY = 'bayan-obo';
export const OTHER_FACILITY = 'ningbo-magnets';
export const KINDS = ['production', 'inventory', 'shipment', 'assay', 'sensor', 'maintenance'] as const;

/** Nested arrays or objects `depth` levels deep, as JSON text (built iteratively: no recursion). */
export function deepJson(depth: number, kind: 'array' | 'object'): string {
  return kind === 'array'
    ? `${'['.repeat(depth)}1${']'.repeat(depth)}`
    : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
}

/** Numbers at and past every edge the code meets: the JS date range, 2^53, doubles' ends. */
const edgeNumber = fc.constantFrom(
  8_640_000_000_000_001,
  -8_640_000_000_000_001,
  8_640_000_000_000_000,
  -8_640_000_000_000_000,
  2 ** 53,
  -(2 ** 53),
  2 ** 53 + 2,
  1e308,
  -1e308,
  1.7976931348623157e308,
  5e-324,
  -0,
  0,
  -1,
  946_684_799_999,
  1e21,
  123456789012345680000,
);
/** Number literals as JSON text, including ones JSON.parse refuses or rounds to Infinity. */
const numberText = fc.oneof(
  edgeNumber.map(String),
  fc.constantFrom(
    'NaN',
    'Infinity',
    '-Infinity',
    '1e999',
    '-1e999',
    '0x10',
    '01',
    '1.',
    '.5',
    '+1',
    '1e',
    '--1',
    '1_000',
    `1${'0'.repeat(400)}`,
    '4e-400',
  ),
  fc.double().map((d) => (Number.isFinite(d) ? String(d) : '0')),
);
/** Strings that are legal JSON but hostile to names and ids. */
const hostileString = fc.oneof(
  fc.constantFrom(
    '\ud800',
    'a\udfff',
    '\udbff\udbff',
    '\u0000',
    'a\u0000b',
    '\u0085',
    '\u2028',
    '/',
    '#',
    '+',
    ' ',
    '',
    'NaN',
    'Infinity',
    '__proto__',
    'constructor',
    '%',
    '%E0%A4%A',
    '../../etc/passwd',
    '\u202e',
    'ﾟ',
    '𝒳',
  ),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.integer({ min: 100, max: 20_000 }).map((n) => 'x'.repeat(n)),
);
/** Any JSON value a hostile client may put in a field, as JSON text. */
export const hostileValueText: fc.Arbitrary<string> = fc.oneof(
  numberText,
  hostileString.map((s) => JSON.stringify(s)),
  fc.constantFrom(
    'null',
    'true',
    'false',
    '[]',
    '{}',
    '"2026-03-01T00:00:00Z"',
    '"2026-13-45T99:99:99Z"',
    '"+275760-09-13T00:00:00.001Z"',
    '"-271821-04-20T00:00:00Z"',
    '"1970-01-01T00:00:00"',
    '{"__proto__":{"x":1}}',
  ),
  fc
    .integer({ min: 2, max: 5_000 })
    .chain((depth) =>
      fc.constantFrom('array' as const, 'object' as const).map((kind) => deepJson(depth, kind)),
    ),
  fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
);

/** Byte sequences that are not UTF-8: lone continuation bytes, overlongs, surrogates, truncated sequences. */
export const invalidUtf8 = fc.constantFrom(
  Buffer.from([0xff]),
  Buffer.from([0xfe]),
  Buffer.from([0x80]),
  Buffer.from([0xc0, 0xaf]),
  Buffer.from([0xe0, 0x80, 0xaf]),
  Buffer.from([0xed, 0xa0, 0x80]),
  Buffer.from([0xf4, 0x90, 0x80, 0x80]),
  Buffer.from([0xe2, 0x82]),
  Buffer.from([0xf0, 0x9f, 0x98]),
  Buffer.from([0xc3]),
);

export interface GoodEvent {
  id: string;
  text: string;
}

/** A valid event of the fuzz facility, from its id and a time offset into the past (ms). */
export function goodEvent(id: string, now: number, offsetMs: number, variant: number): GoodEvent {
  const time = now - 60_000 - offsetMs;
  const base = { id, facility: FUZZ_FACILITY, time };
  const events = [
    { ...base, kind: 'sensor', asset: 'crusher-1', tag: 'load', value: (variant % 97) / 7, unit: '%' },
    { ...base, kind: 'inventory', material: 'bayan-obo-concentrate', tonnes: variant % 5000 },
    {
      ...base,
      kind: 'production',
      process: 'mine',
      material: 'bayan-obo-concentrate',
      tonnes: variant % 300,
    },
  ];
  return { id, text: JSON.stringify(events[variant % events.length]) };
}

/** A valid event of each kind, as field → JSON text: the hostile events start from these. */
function baseFields(kind: string, now: number): Record<string, string> {
  const envelope = {
    id: JSON.stringify('h-event'),
    kind: JSON.stringify(kind),
    facility: JSON.stringify(FUZZ_FACILITY),
    time: String(now - 120_000),
  };
  const text = (fields: Record<string, string | number>): Record<string, string> =>
    Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, JSON.stringify(v)]));
  switch (kind) {
    case 'production':
      return { ...envelope, ...text({ process: 'mine', material: 'bayan-obo-concentrate', tonnes: 10 }) };
    case 'inventory':
      return { ...envelope, ...text({ material: 'bayan-obo-concentrate', tonnes: 10 }) };
    case 'shipment':
      return {
        ...envelope,
        ...text({
          shipment: 's1',
          status: 'departed',
          from: FUZZ_FACILITY,
          to: 'baotou-separation',
          material: 'bayan-obo-concentrate',
          tonnes: 10,
        }),
      };
    case 'assay':
      return {
        ...envelope,
        ...text({ lot: 'l1', material: 'bayan-obo-concentrate', analyte: 'REO', value: 50, unit: '%' }),
      };
    case 'maintenance':
      return { ...envelope, ...text({ asset: 'crusher-1', type: 'unplanned', start: now - 3_600_000 }) };
    default:
      return { ...envelope, ...text({ asset: 'crusher-1', tag: 'load', value: 1, unit: '%' }) };
  }
}
const FIELD_NAMES = [
  'id',
  'kind',
  'facility',
  'time',
  'start',
  'end',
  'asset',
  'tag',
  'value',
  'unit',
  'material',
  'tonnes',
  'process',
  'inputs',
  'v',
  'source',
  'lot',
  'analyte',
  'shipment',
  'status',
  'from',
  'to',
  'availability',
  '__proto__',
  'constructor',
  '',
];
const TIME_FIELDS = new Set(['time', 'start', 'end']);
const NUMBER_FIELDS = new Set(['value', 'tonnes', 'availability', 'v']);
/** Times at and past the JS date range and the schema's own limits, as numbers and ISO text. */
const hostileTime = fc.oneof(
  { weight: 3, arbitrary: edgeNumber.map(String) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '"+275760-09-13T00:00:00.001Z"',
      '"+275760-09-13T00:00:00Z"',
      '"-271821-04-20T00:00:00Z"',
      '"2026-02-30T00:00:00Z"',
      '"9999-12-31T23:59:59Z"',
      '"2026-03-01T00:00:00+99:00"',
      '"1999-12-31T23:59:59.999Z"',
      '1e300',
      '-1e300',
      '"now"',
    ),
  },
  { weight: 1, arbitrary: fc.integer({ min: -(2 ** 53), max: 2 ** 53 }).map(String) },
  { weight: 1, arbitrary: hostileValueText },
);

/**
 * A mutated event as JSON bytes: a valid event of any kind whose fields are replaced, removed or
 * repeated with hostile values (times and amounts most often: they are where values the schema
 * lets through meet code that cannot handle them), and whose bytes may carry invalid UTF-8 or be
 * cut short.
 */
export function hostileEvent(now: number): fc.Arbitrary<Buffer> {
  const field = fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom('time', 'start', 'end', 'value', 'tonnes') },
    { weight: 2, arbitrary: fc.constantFrom(...FIELD_NAMES) },
  );
  const edit = fc.record({
    field,
    op: fc.constantFrom('set', 'set', 'set', 'delete', 'duplicate'),
    time: hostileTime,
    number: numberText,
    other: hostileValueText,
  });
  return fc
    .record({
      kind: fc.constantFrom(...KINDS, 'bogus'),
      edits: fc.array(edit, { minLength: 1, maxLength: 2 }),
      tail: fc.oneof(
        { weight: 6, arbitrary: fc.constant('none' as const) },
        { weight: 1, arbitrary: fc.constant('bad-bytes' as const) },
        { weight: 1, arbitrary: fc.constant('truncate' as const) },
      ),
      badBytes: invalidUtf8,
      cut: fc.nat(),
    })
    .map(({ kind, edits, tail, badBytes, cut }) => {
      const fields = new Map(Object.entries(baseFields(kind, now)));
      const extra: string[] = [];
      for (const { field, op, time, number, other } of edits) {
        const value = TIME_FIELDS.has(field) ? time : NUMBER_FIELDS.has(field) ? number : other;
        if (op === 'delete') fields.delete(field);
        else if (op === 'duplicate') extra.push(`${JSON.stringify(field)}:${value}`);
        else fields.set(field, value);
      }
      const text = `{${[...[...fields].map(([k, v]) => `${JSON.stringify(k)}:${v}`), ...extra].join(',')}}`;
      if (tail === 'truncate') return Buffer.from(text.slice(0, cut % Math.max(1, text.length)));
      if (tail === 'bad-bytes') {
        // Inside the id string: `"id":"h-` + bad bytes + `event"`.
        const bytes = Buffer.from(text);
        const at = bytes.indexOf('h-event');
        return at < 0
          ? Buffer.concat([bytes, badBytes])
          : Buffer.concat([bytes.subarray(0, at + 2), badBytes, bytes.subarray(at + 2)]);
      }
      return Buffer.from(text);
    });
}

/** Random bytes, with a bias towards JSON punctuation. */
export const randomBytes = fc.oneof(
  fc.uint8Array({ maxLength: 300 }).map((a) => Buffer.from(a)),
  fc
    .array(
      fc.constantFrom(
        '{',
        '}',
        '[',
        ']',
        '"',
        ':',
        ',',
        '\\',
        'u',
        '0',
        '1',
        'e',
        '-',
        ' ',
        '\n',
        'null',
        'true',
      ),
      { maxLength: 200 },
    )
    .map((parts) => Buffer.from(parts.join(''))),
);

/** Content types a careless client sends to a JSON API. */
export const contentType = fc.constantFrom(
  'application/json',
  'application/x-ndjson',
  'application/json; charset=utf-8',
  'application/json; charset=latin1',
  'APPLICATION/JSON',
  'text/plain',
  'application/xml',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/yaml',
  '',
  'application/json;;;',
  'a/b/c',
  'application/x-ndjson; charset=utf-16',
);

/** YAML texts: bombs kept small enough to answer fast under the server's limits, odd tags, random lines. */
export const hostileYaml = fc.oneof(
  fc
    .integer({ min: 1, max: 60_000 })
    .map((n) => Array.from({ length: n }, (_, i) => `k${i}: &a${i} v`).join('\n')),
  fc.integer({ min: 1, max: 30 }).map((levels) =>
    Array.from(
      { length: levels },
      (_, i) =>
        `a${i}: &a${i} [${Array(9)
          .fill(i === 0 ? '"lol"' : `*a${i - 1}`)
          .join(',')}]`,
    ).join('\n'),
  ),
  fc.integer({ min: 1, max: 100_000 }).map((depth) => `a: ${'['.repeat(depth)}1${']'.repeat(depth)}`),
  fc
    .integer({ min: 1, max: 2_000 })
    .map((depth) => Array.from({ length: depth }, (_, i) => `${' '.repeat(i)}k:`).join('\n')),
  fc.constantFrom(
    '!!python/object:os.system ["ls"]',
    '!!js/function "function(){}"',
    '<<: *nope',
    '%YAML 9.9\n---\na: 1',
    '---\n---\n---',
    '\ufeffschemaVersion: 1',
    'schemaVersion: 1\nname: x\nhorizon: {start: 2026-01, periods: 1e308, step: month}',
    'a: !!binary "////"',
    '? [a, b]\n: c',
    'a: *undefined',
  ),
  fc.array(fc.string({ unit: 'binary', maxLength: 60 }), { maxLength: 30 }).map((lines) => lines.join('\n')),
);

/** Header lines on any route: Authorization variants, cookies with broken escapes, huge values. */
export const hostileHeaders = fc.array(
  fc.oneof(
    fc
      .constantFrom(
        'Bearer',
        'bearer',
        'Basic Zm9vOmJhcg==',
        'Bearer rf_revoked0000000000000000',
        'Bearer \t x',
        'Bearer a b',
        '',
        'Bearer %',
        'Bearer \u00ff',
      )
      .map((v) => ['Authorization', v] as [string, string]),
    fc
      .constantFrom(
        'reeflow_token=%',
        'reeflow_token=%E0%A4%A',
        'reeflow_token=',
        'reeflow_token',
        'reeflow_token=rf_x; reeflow_token=rf_y',
        '=; ;=;',
        'reeflow_token=%00',
        'reeflow_token=\u00ff',
      )
      .map((v) => ['Cookie', v] as [string, string]),
    fc.tuple(
      fc.constantFrom(
        'Cookie',
        'Authorization',
        'X-Forwarded-For',
        'Accept',
        'Accept-Encoding',
        'If-None-Match',
        'Range',
        'Origin',
        'X-Request-Id',
      ),
      fc.string({ unit: 'binary-ascii', maxLength: 200 }).map((s) => s.replace(/[\r\n]/g, '')),
    ),
    fc.integer({ min: 8_000, max: 120_000 }).map((n) => ['X-Big', 'b'.repeat(n)] as [string, string]),
  ),
  { maxLength: 4 },
);

/** Query strings made of known parameter names and hostile values, some not URL-encoded. */
export const hostileQuery = fc
  .array(
    fc.tuple(
      fc.constantFrom(
        'facility',
        'kind',
        'series',
        'from',
        'to',
        'limit',
        'order',
        'status',
        'acknowledged',
        'bucket',
        'plan',
        'asOf',
        'model',
        'scenario',
        'chart',
        'rules',
        'lambda',
        'sigma',
        'horizonDays',
        'periods',
        'expedite',
        'target',
        'actor',
        'atomic',
        'x',
        '__proto__',
        '',
      ),
      fc.oneof(
        fc.constantFrom(
          '',
          '%',
          '%E0%A4%A',
          '%00',
          '1e308',
          '-1',
          '0',
          '99999999999999999999',
          'NaN',
          'Infinity',
          '2026-03-01T00:00:00Z',
          '+275760-09-13T00:00:00Z',
          'bayan-obo',
          'sensor',
          'asc',
          'true',
          '[]',
          'a&b=c',
          '\u00ff',
        ),
        fc.string({ unit: 'binary-ascii', maxLength: 30 }).map((s) => s.replace(/[\s#]/g, '')),
        fc.integer({ min: 1_000, max: 120_000 }).map((n) => 'q'.repeat(n)),
      ),
    ),
    { maxLength: 5 },
  )
  .map((pairs) => pairs.map(([k, v]) => `${k}=${v}`).join('&'));

/** GET routes the query fuzz visits: every readable route but the long-running event streams. */
export const QUERY_ROUTES = [
  '/healthz',
  '/readyz',
  '/metrics',
  '/v1/openapi.json',
  '/v1/session',
  '/v1/telemetry/schema',
  '/v1/models',
  '/v1/models/two-base',
  '/v1/models/two-base/scenarios',
  '/v1/models/two-base/projects',
  '/v1/models/nope%00',
  '/v1/plans',
  '/v1/plans/none',
  '/v1/telemetry',
  '/v1/telemetry/aggregate',
  '/v1/telemetry/stats',
  '/v1/live',
  '/v1/plan-vs-actual',
  '/v1/alerts',
  '/v1/alerts/rules',
  '/v1/alerts/webhooks',
  '/v1/alerts/none',
  '/v1/specifications',
  '/v1/quality/charts',
  '/v1/assets',
  '/v1/assets/crusher-1',
  '/v1/simulations',
  '/v1/simulations/none',
  '/v1/stockpile-sizing/none',
  '/v1/allocations/none',
  '/v1/audit',
  '/v1/nope',
  '/v1/models/%2e%2e%2f%2e%2e%2fetc%2fpasswd',
] as const;
