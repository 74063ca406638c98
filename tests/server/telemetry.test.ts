import { afterEach, describe, expect, it } from 'vitest';
import { createJsonArraySplitter, createLineSplitter } from '../../src/monitor/index.js';
import { createTestApp, bodyOf } from './helpers.js';
import { createOperateApp, inventory, ndjson, NOW, sensor, type OperateApp } from './telemetry-helpers.js';

let current: OperateApp | undefined;
afterEach(async () => {
  await current?.close();
  current = undefined;
});
const open = async (...args: Parameters<typeof createOperateApp>): Promise<OperateApp> =>
  (current = await createOperateApp(...args));
const post = (
  app: OperateApp['app'],
  payload: string,
  type = 'application/x-ndjson',
  url = '/v1/telemetry',
) => app.inject({ method: 'POST', url, headers: { 'content-type': type }, payload });

describe('POST /v1/telemetry', () => {
  it('stores good NDJSON events and rejects each bad one with a code, in order, never storing it', async () => {
    const { app, store, operate } = await open();
    const body = ndjson([
      inventory('good-1', 10),
      '{"id": "broken", "kind": ',
      { ...inventory('wrong-type', 1), tonnes: 'ten' },
      inventory('elsewhere', 1, NOW - 1000, 'atlantis'),
      inventory('future', 1, NOW + 86_400_000),
      '{"id":"inf","kind":"inventory","facility":"hub","time":1772000000000,"material":"Nd-oxide","tonnes":1e999}',
      { ...sensor('nan', 1), value: 'NaN' },
      { id: 'what', kind: 'weather', facility: 'hub', time: NOW },
      { ...inventory('old', 1, Date.UTC(1999, 0, 1)) },
      JSON.stringify({ ...inventory('huge', 1), source: 'x'.repeat(20_000) }),
      '',
      sensor('good-2', 4.2),
      inventory('good-3', 12, NOW - 30_000),
    ]);
    const response = await post(app, body);
    expect(response.statusCode).toBe(200);
    const result = bodyOf(response);
    expect(result).toMatchObject({ received: 12, accepted: 3, duplicates: 0, rejected: 9, atomic: false });
    expect(
      (result['errors'] as { index: number; code: string; id?: string }[]).map((e) => [
        e.index,
        e.code,
        e.id,
      ]),
    ).toEqual([
      [1, 'TELEMETRY_MALFORMED_JSON', undefined],
      [2, 'TELEMETRY_INVALID', 'wrong-type'],
      [3, 'TELEMETRY_UNKNOWN_FACILITY', 'elsewhere'],
      [4, 'TELEMETRY_FUTURE_TIME', 'future'],
      [5, 'TELEMETRY_NON_FINITE', 'inf'],
      [6, 'TELEMETRY_NON_FINITE', 'nan'],
      [7, 'TELEMETRY_UNKNOWN_KIND', 'what'],
      [8, 'TELEMETRY_BAD_TIME', 'old'],
      [9, 'TELEMETRY_TOO_LARGE', undefined],
    ]);
    expect(await store.telemetry.count()).toBe(3);
    expect(
      [
        ...(await store.telemetry.has([
          'good-1',
          'good-2',
          'good-3',
          'broken',
          'wrong-type',
          'inf',
          'nan',
          'huge',
        ])),
      ].sort(),
    ).toEqual(['good-1', 'good-2', 'good-3']);
    expect(operate.stats).toMatchObject({ received: 12, stored: 3, rejected: 9 });
    expect(operate.stats.rejectedByCode).toEqual({
      TELEMETRY_MALFORMED_JSON: 1,
      TELEMETRY_INVALID: 1,
      TELEMETRY_UNKNOWN_FACILITY: 1,
      TELEMETRY_FUTURE_TIME: 1,
      TELEMETRY_NON_FINITE: 2,
      TELEMETRY_UNKNOWN_KIND: 1,
      TELEMETRY_BAD_TIME: 1,
      TELEMETRY_TOO_LARGE: 1,
    });
  });

  it('acknowledges a re-delivered batch without storing it twice, in any order', async () => {
    const { app, store } = await open();
    const events = [inventory('d1', 1), inventory('d2', 2, NOW - 50_000), inventory('d3', 3, NOW - 40_000)];
    expect(bodyOf(await post(app, ndjson(events)))).toMatchObject({ accepted: 3, duplicates: 0 });
    expect(bodyOf(await post(app, ndjson([...events].reverse())))).toMatchObject({
      accepted: 0,
      duplicates: 3,
    });
    expect(
      bodyOf(await post(app, JSON.stringify([events[1], inventory('d4', 4)]), 'application/json')),
    ).toMatchObject({ accepted: 1, duplicates: 1 });
    expect(await store.telemetry.count()).toBe(4);
  });

  it('takes a JSON array or a single object', async () => {
    const { app, store } = await open();
    expect(
      bodyOf(await post(app, JSON.stringify([inventory('a1', 1), sensor('a2', 1)]), 'application/json')),
    ).toMatchObject({ received: 2, accepted: 2 });
    expect(
      bodyOf(await post(app, JSON.stringify(inventory('a3', 1)), 'application/json; charset=utf-8')),
    ).toMatchObject({ received: 1, accepted: 1 });
    expect(bodyOf(await post(app, '[]', 'application/json'))).toMatchObject({ received: 0, accepted: 0 });
    expect(await store.telemetry.count()).toBe(3);
  });

  it('with atomic=1 stores nothing when any event is bad, and everything when all are good', async () => {
    const { app, store } = await open();
    const bad = await post(
      app,
      ndjson([inventory('t1', 1), { ...inventory('t2', 1), tonnes: -1 }]),
      'application/x-ndjson',
      '/v1/telemetry?atomic=1',
    );
    expect(bad.statusCode).toBe(422);
    expect(bodyOf(bad)).toMatchObject({ code: 'TELEMETRY_REJECTED', received: 2, accepted: 0, rejected: 1 });
    expect(await store.telemetry.count()).toBe(0);
    const good = await post(
      app,
      ndjson([inventory('t1', 1), inventory('t3', 1)]),
      'application/x-ndjson',
      '/v1/telemetry?atomic=1',
    );
    expect(bodyOf(good)).toMatchObject({ accepted: 2, atomic: true });
    expect(await store.telemetry.count()).toBe(2);
  });

  it('answers 422 when every event is rejected, 415 for other media types and 400 for a body that is not JSON', async () => {
    const { app } = await open();
    const all = await post(app, ndjson(['nope', '{}']));
    expect(all.statusCode).toBe(422);
    expect(bodyOf(all)).toMatchObject({ code: 'TELEMETRY_REJECTED', rejected: 2 });
    const media = await post(app, 'a,b', 'text/csv');
    expect(media.statusCode).toBe(415);
    expect(bodyOf(media)['code']).toBe('UNSUPPORTED_MEDIA_TYPE');
    const unclosed = await post(app, '[{"id":"x"', 'application/json');
    expect(bodyOf(unclosed)).toMatchObject({ rejected: 1 });
  });

  it('streams a 30,000-event NDJSON body in chunks and stores all of it', async () => {
    const { app, store } = await open();
    const events = Array.from({ length: 30_000 }, (_, i) => sensor(`s-${i}`, i % 10, NOW - 3_600_000 + i));
    const response = await post(app, ndjson(events));
    expect(bodyOf(response)).toMatchObject({ received: 30_000, accepted: 30_000, rejected: 0 });
    expect(await store.telemetry.count({ kind: 'sensor' })).toBe(30_000);
  });

  it('answers 503 when telemetry is not enabled', async () => {
    const app = createTestApp();
    const response = await app.inject({
      method: 'POST',
      url: '/v1/telemetry',
      headers: { 'content-type': 'application/x-ndjson' },
      payload: ndjson([inventory('x', 1)]),
    });
    expect(response.statusCode).toBe(503);
    expect(bodyOf(response)['code']).toBe('UNAVAILABLE');
    await app.close();
  });
});

describe('GET /v1/telemetry, /aggregate, /stats', () => {
  it('reads events back by range and aggregates them into buckets', async () => {
    const { app } = await open();
    const hour = Date.UTC(2026, 2, 9, 10);
    // Values 2 and 4 in the 10:00 minute, 9 at 10:05.
    await post(
      app,
      ndjson([sensor('g1', 2, hour), sensor('g2', 4, hour + 20_000), sensor('g3', 9, hour + 300_000)]),
    );
    const events = bodyOf(
      await app.inject({
        method: 'GET',
        url: `/v1/telemetry?facility=sep-b&kind=sensor&from=${hour}&to=${new Date(hour + 60_000).toISOString()}`,
      }),
    );
    expect((events['events'] as { event: { id: string } }[]).map((e) => e.event.id)).toEqual(['g1', 'g2']);
    const minute = bodyOf(
      await app.inject({
        method: 'GET',
        url: `/v1/telemetry/aggregate?kind=sensor&bucket=minute&from=${hour}&to=${hour + 3_600_000}`,
      }),
    );
    expect(
      (minute['rows'] as { bucket: number; count: number; avg: number; last: number }[]).map((r) => [
        r.bucket - hour,
        r.count,
        r.avg,
        r.last,
      ]),
    ).toEqual([
      [0, 2, 3, 4],
      [300_000, 1, 9, 9],
    ]);
    const stats = bodyOf(await app.inject({ method: 'GET', url: '/v1/telemetry/stats' }));
    expect(stats).toMatchObject({ received: 3, stored: 3, rejected: 0, store: { engine: 'sqlite' } });
    const bad = await app.inject({
      method: 'GET',
      url: '/v1/telemetry/aggregate?kind=sensor&bucket=week&from=0&to=1',
    });
    expect(bad.statusCode).toBe(400);
  });
});

describe('stream splitters', () => {
  const lines = ['{"a":1}', '{"b":"x\\ny"}', '', '{"c":[1,2,{"d":"]"}]}'];
  it('split NDJSON and JSON arrays the same wherever the chunks break', () => {
    const ndText = lines.join('\n');
    const arrayText = `[${lines.filter((l) => l).join(',')}]`;
    for (let cut = 0; cut <= arrayText.length; cut += 1) {
      const fromArray: string[] = [];
      const splitter = createJsonArraySplitter(
        (t) => fromArray.push(t),
        (m) => fromArray.push(`error: ${m}`),
        1000,
      );
      splitter.push(arrayText.slice(0, cut));
      splitter.push(arrayText.slice(cut));
      splitter.end();
      expect(fromArray.map((t) => JSON.parse(t))).toEqual([
        { a: 1 },
        { b: 'x\ny' },
        { c: [1, 2, { d: ']' }] },
      ]);
    }
    for (let cut = 0; cut <= ndText.length; cut += 1) {
      const fromLines: string[] = [];
      const splitter = createLineSplitter(
        (t) => fromLines.push(t),
        () => fromLines.push('oversized'),
        1000,
      );
      splitter.push(ndText.slice(0, cut));
      splitter.push(ndText.slice(cut));
      splitter.end();
      expect(fromLines).toEqual(lines);
    }
  });

  it('report an oversized line once and carry on with the next', () => {
    const out: string[] = [];
    const splitter = createLineSplitter(
      (t) => out.push(t),
      () => out.push('oversized'),
      10,
    );
    splitter.push('{"a":1}\n0123456789');
    splitter.push('0123456789\n{"b":2}\n');
    splitter.end();
    expect(out).toEqual(['{"a":1}', 'oversized', '{"b":2}']);
  });
});
