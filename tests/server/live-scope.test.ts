/**
 * The live snapshot of a scoped token shows its own facilities' numbers only — the event count
 * included, which used to be the server-wide total — in GET /v1/live and in /v1/live/events.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bodyOf } from './helpers.js';
import {
  as,
  createScopedOperateApp,
  NOW,
  reading,
  type Caller,
  type ScopedOperateApp,
} from './scoped-operate-helpers.js';

let env: ScopedOperateApp;
beforeAll(async () => {
  env = await createScopedOperateApp();
  // 3 events at Baiyin, 2 at Ningbo, 1 at Bayan Obo: 6 in all.
  await env.operate.ingest([
    reading('b1', 'baiyin-separation', 3, 30),
    reading('b2', 'baiyin-separation', 4, 20),
    {
      v: 1,
      id: 'b3',
      kind: 'inventory',
      facility: 'baiyin-separation',
      time: NOW - 5 * 60_000,
      material: 'nd-pr-oxide',
      tonnes: 12,
    },
    reading('n1', 'ningbo-magnets', 5, 25, 'press-2'),
    reading('n2', 'ningbo-magnets', 6, 15, 'press-2'),
    reading('o1', 'bayan-obo', 7, 10, 'crusher-1'),
  ]);
  await env.app.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(() => env.close());

const live = async (caller: Caller, query = ''): Promise<Record<string, unknown>> =>
  bodyOf(await env.app.inject({ method: 'GET', url: `/v1/live${query}`, headers: as(caller) }));

/** The first 'snapshot' frame of the live event stream. */
async function firstStreamed(caller: Caller): Promise<Record<string, unknown>> {
  const { port } = env.app.server.address() as { port: number };
  const aborter = new AbortController();
  const response = await fetch(`http://127.0.0.1:${port}/v1/live/events`, {
    headers: as(caller),
    signal: aborter.signal,
  });
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  let text = '';
  let frame: RegExpExecArray | null = null;
  while (!(frame = /event: snapshot\ndata: (.*)\n\n/.exec(text)))
    text += new TextDecoder().decode((await reader.read()).value);
  aborter.abort();
  return JSON.parse(frame[1] ?? '{}') as Record<string, unknown>;
}

describe('the live snapshot of a scoped token', () => {
  it('counts only the events of the caller’s facilities', async () => {
    expect((await live('admin'))['events']).toBe(6);
    expect((await live('planner-any'))['events']).toBe(6);
    expect((await live('planner-ningbo'))['events']).toBe(2); // n1, n2
    expect((await live('planner-cnre'))['events']).toBe(4); // b1, b2, b3 at Baiyin and o1 at Bayan Obo
    expect((await live('planner-cnre'))['eventsByFacility']).toEqual([
      { facility: 'baiyin-separation', events: 3 },
      { facility: 'bayan-obo', events: 1 },
    ]);
    expect((await live('admin', '?facility=baiyin-separation'))['events']).toBe(3); // a facility filter counts that facility only
  });

  it('names no facility outside the scope anywhere in the snapshot', async () => {
    const snapshot = await live('planner-ningbo');
    const text = JSON.stringify(snapshot);
    expect(text).not.toContain('baiyin');
    expect(text).not.toContain('bayan');
    expect(snapshot['lastSeen']).toEqual([
      { facility: 'ningbo-magnets', kind: 'sensor', time: NOW - 15 * 60_000 },
    ]);
    expect((snapshot['sensors'] as { facility: string }[]).map((s) => s.facility)).toEqual([
      'ningbo-magnets',
    ]);
  });

  it('streams the same cut snapshot', async () => {
    const streamed = await firstStreamed('planner-ningbo');
    expect(streamed['events']).toBe(2);
    expect(JSON.stringify(streamed)).not.toContain('baiyin');
    expect((await firstStreamed('admin'))['events']).toBe(6);
  });
});
