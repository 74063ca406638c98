/**
 * Text integrity at the edges (review D11): bytes that are not UTF-8 used to be replaced by U+FFFD
 * and accepted, so two ids differing only in their bad bytes became one and the second was dropped
 * as a duplicate. Now such an event is rejected with TELEMETRY_BAD_ENCODING over MQTT and HTTP
 * (NDJSON and JSON arrays: only the event holding the bytes; the rest of the body is stored), and
 * so is a string holding a lone surrogate (`\ud800` escape), which PostgreSQL cannot store.
 */
import { isUtf8 } from 'node:buffer';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import fc from 'fast-check';
import mqtt from 'mqtt';
import { afterEach, describe, expect, it } from 'vitest';
import { startEmbeddedBroker } from '../../src/server/mqtt.js';
import { BAD_BYTES, createOperateService, createUtf8Decoder } from '../../src/monitor/index.js';
import { ingestStream } from '../../src/server/telemetry-ingest.js';
import { openSqliteStore } from '../../src/store/index.js';
import { run } from '../cli/run.js';
import { bodyOf } from './helpers.js';
import { createOperateApp, FACILITIES, NOW, sensor } from './telemetry-helpers.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A sensor reading as bytes whose id is `AA<byte>AA`. */
const withIdByte = (byte: number, time = NOW - 60_000): Buffer => {
  const [before, after] = JSON.stringify(sensor('@', 1, time)).split('@') as [string, string];
  return Buffer.concat([Buffer.from(`${before}AA`), Buffer.from([byte]), Buffer.from(`AA${after}`)]);
};
const line = (event: Record<string, unknown>): Buffer => Buffer.from(`${JSON.stringify(event)}\n`);

describe('invalid UTF-8 and lone surrogates', () => {
  it('over HTTP NDJSON, a line with bytes that are not UTF-8 is TELEMETRY_BAD_ENCODING and the lines beside it are stored', async () => {
    const { app, store, close } = await createOperateApp();
    cleanups.push(close);
    const body = Buffer.concat([
      line(sensor('good-1', 1)),
      withIdByte(0xff),
      Buffer.from('\n'),
      withIdByte(0xfe),
      Buffer.from('\n'),
      line(sensor('good-2', 2)),
    ]);
    const answer = await app.inject({
      method: 'POST',
      url: '/v1/telemetry',
      headers: { 'content-type': 'application/x-ndjson' },
      payload: body,
    });
    expect(answer.statusCode).toBe(200);
    expect(bodyOf(answer)).toMatchObject({
      received: 4,
      accepted: 2,
      duplicates: 0,
      rejected: 2,
      errors: [
        { index: 1, code: 'TELEMETRY_BAD_ENCODING' },
        { index: 2, code: 'TELEMETRY_BAD_ENCODING' },
      ],
    });
    expect(await store.telemetry.count()).toBe(2);
  });

  it('over HTTP JSON, only the array element holding bad bytes is rejected', async () => {
    const { app, store, close } = await createOperateApp();
    cleanups.push(close);
    const body = Buffer.concat([
      Buffer.from(`[${JSON.stringify(sensor('good-1', 1))},`),
      withIdByte(0xc0),
      Buffer.from(`,${JSON.stringify(sensor('good-2', 2))}]`),
    ]);
    const answer = await app.inject({
      method: 'POST',
      url: '/v1/telemetry',
      headers: { 'content-type': 'application/json' },
      payload: body,
    });
    expect(bodyOf(answer)).toMatchObject({
      received: 3,
      accepted: 2,
      rejected: 1,
      errors: [{ index: 1, code: 'TELEMETRY_BAD_ENCODING' }],
    });
    expect(await store.telemetry.count()).toBe(2);
  });

  it('a character split across body chunks is decoded whole; a body ending inside a character is rejected', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'reeflow-encoding-'));
    const store = openSqliteStore({ dataDir: dir });
    const operate = createOperateService({ store, clock: () => NOW, facilities: FACILITIES });
    cleanups.push(async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    });
    const text = Buffer.from(`${JSON.stringify({ ...sensor('稀土-😀', 1), unit: 'µm' })}\n`);
    // Cut inside the 3-byte '稀' and inside the 4-byte emoji.
    const cuts = [text.indexOf(Buffer.from('稀')) + 1, text.indexOf(Buffer.from('😀')) + 2];
    const chunks = [
      text.subarray(0, cuts[0]),
      text.subarray(cuts[0], cuts[1]),
      text.subarray(cuts[1]),
      Buffer.from([0xe7, 0xa8]),
    ];
    const result = await ingestStream(operate, Readable.from(chunks), {
      atomic: false,
      format: 'ndjson',
      maxBodyBytes: 1 << 20,
      maxEventBytes: 16_384,
    });
    expect(result).toMatchObject({
      received: 2,
      accepted: 1,
      rejected: 1,
      errors: [{ index: 1, code: 'TELEMETRY_BAD_ENCODING' }],
    });
    expect((await store.telemetry.query({}))[0]?.event.id).toBe('稀土-😀');
  });

  it('the decoder marks exactly the bodies that are not UTF-8, wherever the chunks are cut, and keeps every ASCII byte', () => {
    const bytes = fc
      .uint8Array({ maxLength: 40 })
      .chain((data) =>
        fc.tuple(
          fc.constant(Buffer.from(data)),
          fc.uniqueArray(fc.nat({ max: data.length }), { maxLength: 4 }),
        ),
      );
    const valid = fc
      .string({ unit: 'grapheme', maxLength: 20 })
      .map((s) => Buffer.from(s))
      .chain((data) =>
        fc.tuple(fc.constant(data), fc.uniqueArray(fc.nat({ max: data.length }), { maxLength: 4 })),
      );
    const check = ([data, cuts]: [Buffer, number[]]): void => {
      const decoder = createUtf8Decoder();
      const bounds = [0, ...[...cuts].sort((a, b) => a - b), data.length];
      let text = '';
      for (let i = 1; i < bounds.length; i += 1)
        text += decoder.write(data.subarray(bounds[i - 1], bounds[i]));
      text += decoder.end();
      if (isUtf8(data)) expect(text).toBe(data.toString('utf8'));
      else expect(text).toContain(BAD_BYTES);
      expect(decoder.sawBadBytes).toBe(!isUtf8(data));
      // Structure survives: every ASCII byte of the body is in the text, in order.
      const ascii = (s: string): string => [...s].filter((c) => c.charCodeAt(0) < 0x80).join('');
      expect(ascii(text)).toBe(ascii(data.toString('latin1')));
    };
    fc.assert(fc.property(bytes, check), { numRuns: 3000, seed: 21 });
    fc.assert(fc.property(valid, check), { numRuns: 1000, seed: 22 });
  });

  it('over MQTT, a payload with bytes that are not UTF-8 is TELEMETRY_BAD_ENCODING; ids differing only there are not taken for duplicates', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'reeflow-encoding-mqtt-'));
    const store = openSqliteStore({ dataDir: dir });
    const operate = createOperateService({ store, clock: () => NOW, facilities: FACILITIES });
    const broker = await startEmbeddedBroker(operate, { port: 0, host: '127.0.0.1' });
    cleanups.push(async () => {
      await broker.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    });
    const client = await mqtt.connectAsync(broker.url, { reconnectPeriod: 0 });
    cleanups.push(() => client.endAsync(true));
    await client.publishAsync('reeflow/v1/sep-b/sensor', withIdByte(0xff), { qos: 1 });
    await client.publishAsync('reeflow/v1/sep-b/sensor', withIdByte(0xfe), { qos: 1 });
    await client.publishAsync('reeflow/v1/sep-b/sensor', JSON.stringify(sensor('AA\u00ffAA', 1)), { qos: 1 });
    expect(operate.stats.rejectedByCode).toEqual({ TELEMETRY_BAD_ENCODING: 2 });
    expect(broker.describe()).toMatchObject({ messages: 3, stored: 1, rejected: 2, duplicates: 0 });
    expect(operate.deadLetters().letters.map((l) => l.payload.slice(0, 13))).toEqual([
      '{"id":"AA\ufffdAA"',
      '{"id":"AA\ufffdAA"',
    ]);
  });

  it('a string holding a lone surrogate escape is TELEMETRY_BAD_ENCODING; a surrogate pair is a character like any other', async () => {
    const { app, store, close } = await createOperateApp();
    cleanups.push(close);
    const body = [
      JSON.stringify(sensor('pair-\ud83d\ude00', 1)),
      JSON.stringify(sensor('lone-\ud800', 1)),
      JSON.stringify({ ...sensor('lone-tag', 1), tag: 'vib\udfff' }),
      JSON.stringify({ ...sensor('lone-asset', 1), asset: '\udc00pump' }),
    ].join('\n');
    // JSON.stringify writes a lone surrogate as its \u escape, as a client would send it.
    expect(body).toContain('lone-\\ud800');
    const answer = await app.inject({
      method: 'POST',
      url: '/v1/telemetry',
      headers: { 'content-type': 'application/x-ndjson' },
      payload: body,
    });
    expect(bodyOf(answer)).toMatchObject({
      accepted: 1,
      errors: [
        { index: 1, code: 'TELEMETRY_BAD_ENCODING', path: ['id'] },
        { index: 2, code: 'TELEMETRY_BAD_ENCODING', id: 'lone-tag', path: ['tag'] },
        { index: 3, code: 'TELEMETRY_BAD_ENCODING', id: 'lone-asset', path: ['asset'] },
      ],
    });
    expect((await store.telemetry.query({}))[0]?.event.id).toBe('pair-😀');
  });

  it('reeflow ingest of an NDJSON file rejects a line with bytes that are not UTF-8 with its line number, and reads CRLF lines', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'reeflow-encoding-cli-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, 'readings.ndjson');
    const event = (id: string): Record<string, unknown> => ({
      id,
      kind: 'inventory',
      facility: 'baotou-separation',
      time: Date.UTC(2026, 2, 1),
      material: 'Nd-oxide',
      tonnes: 1,
    });
    const [before, after] = JSON.stringify(event('@')).split('@') as [string, string];
    writeFileSync(
      file,
      Buffer.concat([
        Buffer.from(`${JSON.stringify(event('c1'))}\r\n`),
        Buffer.from(`${before}AA`),
        Buffer.from([0xff]),
        Buffer.from(`AA${after}\r\n\r\n`),
        Buffer.from(`${JSON.stringify(event('c3-稀'))}\n`),
      ]),
    );
    const dataDir = join(dir, 'store');
    const result = await run(['ingest', file, '--data-dir', dataDir]);
    expect(result.stdout).toContain('3 events read, 2 stored, 0 already stored, 1 rejected');
    expect(result.stderr).toContain('readings.ndjson:2: TELEMETRY_BAD_ENCODING');
    const store = openSqliteStore({ dataDir });
    expect((await store.telemetry.query({})).map((s) => s.event)).toEqual([
      { v: 1, ...event('c1') },
      { v: 1, ...event('c3-稀') },
    ]);
    await store.close();
  });
});
