/**
 * Oversized bodies on the streamed ingest path: reading stops at the byte limit; without atomic=1
 * the events committed before the limit stay stored (and are reported), with atomic=1 nothing is.
 */
import { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { ingestStream } from '../../src/server/telemetry-ingest.js';
import { createOperateApp, ndjson, sensor, type OperateApp } from './telemetry-helpers.js';

const opened: OperateApp[] = [];
afterEach(async () => {
  for (const app of opened.splice(0)) await app.close();
});

const first = `${ndjson(Array.from({ length: 20 }, (_, i) => sensor(`a${i}`, i)))}\n`;
const second = `${ndjson(Array.from({ length: 30 }, (_, i) => sensor(`b${i}`, i)))}\n`;

describe('ingestStream body limit', () => {
  it('stops at the limit and keeps the 20 events read before it', async () => {
    const app = await createOperateApp();
    opened.push(app);
    const result = await ingestStream(app.operate, Readable.from([Buffer.from(first), Buffer.from(second)]), {
      atomic: false,
      format: 'ndjson',
      maxBodyBytes: Buffer.byteLength(first) + 10,
      maxEventBytes: 16_384,
    });
    expect(result).toMatchObject({ tooLarge: true, received: 20, accepted: 20, rejected: 0 });
    expect(await app.store.telemetry.count()).toBe(20);
  });

  it('stores nothing past the limit with atomic=1', async () => {
    const app = await createOperateApp();
    opened.push(app);
    const result = await ingestStream(app.operate, Readable.from([Buffer.from(first), Buffer.from(second)]), {
      atomic: true,
      format: 'ndjson',
      maxBodyBytes: Buffer.byteLength(first) + 10,
      maxEventBytes: 16_384,
    });
    expect(result).toMatchObject({ tooLarge: true, received: 20, accepted: 0 });
    expect(await app.store.telemetry.count()).toBe(0);
  });

  it('takes the whole body when it fits', async () => {
    const app = await createOperateApp();
    opened.push(app);
    const result = await ingestStream(app.operate, Readable.from([Buffer.from(first), Buffer.from(second)]), {
      atomic: false,
      format: 'ndjson',
      maxBodyBytes: Buffer.byteLength(first + second),
      maxEventBytes: 16_384,
    });
    expect(result).toMatchObject({ tooLarge: false, received: 50, accepted: 50 });
  });
});
