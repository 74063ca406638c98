/**
 * The one conformance suite every operate store passes (STYLE.md habit 6): idempotent appends,
 * time-range queries, bucket aggregates, last seen, alerts and webhooks, with hand-computed answers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  parseTelemetryText,
  type Alert,
  type OperateStore,
  type TelemetryEvent,
} from '../../src/monitor/index.js';

/** 2026-03-01T00:00:00Z. */
export const T0 = Date.UTC(2026, 2, 1);

export function sensor(
  id: string,
  time: number,
  value: number,
  facility = 'baotou-separation',
  asset = 'pump-3',
): TelemetryEvent {
  return { v: 1, id, kind: 'sensor', facility, time, asset, tag: 'vibration', value, unit: 'mm/s' };
}

export function production(id: string, time: number, tonnes: number, facility = 'bayan-obo'): TelemetryEvent {
  return {
    v: 1,
    id,
    kind: 'production',
    facility,
    time,
    process: 'mine',
    material: 'bayan-obo-concentrate',
    tonnes,
  };
}

/**
 * Appends one event per id twice (the first time with the first id repeated) and checks the
 * answers: each id accepted once, then a duplicate; found by has() (and `absent` not); read back as given.
 */
async function expectStoredOnceEach(
  store: OperateStore,
  ids: readonly string[],
  facility: string,
  absent: readonly string[],
): Promise<void> {
  const events = ids.map((id, i) => sensor(id, T0 + i, i, facility));
  const first = await store.telemetry.append([...events, sensor(ids[0] as string, T0, 0, facility)], {
    received: T0 + 100,
  });
  expect(first.inserted).toBe(ids.length);
  expect(first.stored.map((e) => e.id)).toStrictEqual(ids);
  expect(first.duplicates).toStrictEqual([ids[0]]);
  const again = await store.telemetry.append(events);
  expect(again.inserted).toBe(0);
  expect(again.stored).toStrictEqual([]);
  expect(again.duplicates).toStrictEqual(ids);
  expect(await store.telemetry.has([...ids, ...absent])).toStrictEqual(new Set(ids));
  expect(await store.telemetry.count({ facility })).toBe(ids.length);
  expect((await store.telemetry.query({ facility })).map((s) => s.event)).toStrictEqual(events);
}

/** Runs the suite against stores made by `open` (each test gets a fresh, empty store). */
export function describeStoreConformance(
  name: string,
  open: () => Promise<OperateStore>,
  options: { skip?: () => boolean } = {},
): void {
  describe(`${name} store conformance`, () => {
    let store: OperateStore;
    beforeAll(async () => {
      if (options.skip?.()) return;
      store = await open();
    });
    afterAll(async () => {
      await store?.close();
    });
    const test = (title: string, body: () => Promise<void>): void => {
      it(title, async (context) => {
        if (options.skip?.()) return context.skip();
        await body();
      });
    };

    test('migrations are applied once and report the latest version', async () => {
      expect(await store.migrate()).toBe(2);
      expect(await store.migrate()).toBe(2);
    });

    test('project stages: the latest per model and project, listed by model and project', async () => {
      expect(await store.projects.list()).toEqual([]);
      const moved = {
        model: 'two-base',
        project: 'baiyin-expansion',
        status: 'permitting',
        statusSince: '2026-03-01',
        changed: T0,
        by: 'planner-cnre',
      };
      await store.projects.save(moved);
      await store.projects.save({
        ...moved,
        project: 'ngd-baotou-separation',
        status: 'construction',
        by: 'authority-nm',
      });
      await store.projects.save({ ...moved, model: 'world', project: 'a-project' });
      await store.projects.save({
        ...moved,
        status: 'approved',
        statusSince: '2026-04-15',
        changed: T0 + 1000,
        by: 'authority-gansu',
      }); // replaces the first
      expect(await store.projects.list('two-base')).toEqual([
        {
          ...moved,
          status: 'approved',
          statusSince: '2026-04-15',
          changed: T0 + 1000,
          by: 'authority-gansu',
        },
        { ...moved, project: 'ngd-baotou-separation', status: 'construction', by: 'authority-nm' },
      ]);
      expect((await store.projects.list()).map((r) => `${r.model}/${r.project}`)).toEqual([
        'two-base/baiyin-expansion',
        'two-base/ngd-baotou-separation',
        'world/a-project',
      ]);
      expect(await store.projects.list('nope')).toEqual([]);
    });

    test('a re-delivered id is stored once, within a batch and across batches', async () => {
      const first = await store.telemetry.append(
        [sensor('c1', T0, 1), sensor('c2', T0 + 1000, 2), sensor('c1', T0, 1)],
        { received: T0 + 5000 },
      );
      expect(first.inserted).toBe(2);
      expect(first.duplicates).toEqual(['c1']);
      expect(first.stored.map((e) => e.id)).toEqual(['c1', 'c2']);
      const second = await store.telemetry.append([sensor('c2', T0 + 1000, 2), sensor('c3', T0 + 2000, 3)]);
      expect(second.inserted).toBe(1);
      expect(second.duplicates).toEqual(['c2']);
      expect(
        await store.telemetry.count({
          kind: 'sensor',
          facility: 'baotou-separation',
          from: T0,
          to: T0 + 3000,
        }),
      ).toBe(3);
      expect(await store.telemetry.has(['c1', 'c3', 'nope'])).toEqual(new Set(['c1', 'c3']));
      const [stored] = await store.telemetry.query({ facility: 'baotou-separation', from: T0, to: T0 + 1 });
      expect(stored).toEqual({ event: sensor('c1', T0, 1), received: T0 + 5000 });
    });

    test('a first delivery whose id holds a lone surrogate is accepted and handed on as stored; ids differing only there are told apart', async () => {
      // PostgreSQL's UTF-8 turns every lone surrogate into U+FFFD, so these ids would be one id there.
      const ids = [
        'x\ud800', // a high surrogate at the end
        'x\udc00', // a low one at the end
        '\udc00x', // a low one at the start
        'a\ud800b', // a high one inside
        'a\udc00b',
        'a\ufffdb', // the replacement character itself
        '\udc00\ud800', // a pair the wrong way round: two lone surrogates
        'pair-\ud83d\ude00', // a well-formed pair (an emoji)
      ];
      await expectStoredOnceEach(store, ids, 'lone-surrogates', ['x\ufffd', 'x']);
    });

    test("ids holding NUL, other control characters or the stores' escape character are each stored once and told apart", async () => {
      // PostgreSQL's text refuses NUL; the stores write NUL, lone surrogates and U+FFFF as U+FFFF and four hex digits.
      const ids = [
        'n\u0000',
        'n\u0000\u0000',
        '\u0000',
        'e\uffff',
        'e\uffffd800',
        'e\ud800',
        'e\uffff0000',
        'tab\tnew\nline\u007f\u2028',
      ];
      await expectStoredOnceEach(store, ids, 'odd-ids', ['n', 'e\uffff\uffff', 'e\ufffd']);
    });

    test('other strings of an event holding lone surrogates or NUL come back exactly', async () => {
      const event: TelemetryEvent = {
        ...sensor('strings-1', T0, 1, 'odd-strings'),
        source: 'gw-\ud800\u0000-\udc00',
      };
      expect((await store.telemetry.append([event])).inserted).toBe(1);
      expect((await store.telemetry.query({ facility: 'odd-strings' })).map((s) => s.event)).toStrictEqual([
        event,
      ]);
    });

    test('events parsed from JSON text come back as they were validated: defaults filled, ISO times as epoch ms', async () => {
      const parse = (text: string): { event: TelemetryEvent; text?: string } => {
        const result = parseTelemetryText(text, { now: T0 + 60_000 });
        if (!result.ok) throw new Error(result.rejection.message);
        return result;
      };
      // Stored from its own text (nothing to add), with its own spacing and key order.
      const verbatim = parse(
        `{ "unit": "mm/s", "value": 2.5, "tag": "rms", "asset": "p-1", "time": ${T0 + 7}, "kind": "sensor", "facility": "text", "id": "t1", "v": 1 }`,
      );
      // Without v and with an ISO time: the text does not say what the event says, so the event is written out.
      const filled = parse(
        `{"id":"t2","kind":"inventory","facility":"text","time":"${new Date(T0 + 8).toISOString()}","material":"nd-oxide","tonnes":4}`,
      );
      expect([verbatim.text === undefined, filled.text === undefined]).toEqual([false, true]);
      await store.telemetry.append([verbatim.event, filled.event], {
        received: T0 + 9,
        texts: [verbatim.text, filled.text],
      });
      const back = await store.telemetry.query({ facility: 'text' });
      expect(back.map((s) => s.event)).toStrictEqual([
        {
          unit: 'mm/s',
          value: 2.5,
          tag: 'rms',
          asset: 'p-1',
          time: T0 + 7,
          kind: 'sensor',
          facility: 'text',
          id: 't1',
          v: 1,
        },
        {
          v: 1,
          id: 't2',
          facility: 'text',
          time: T0 + 8,
          kind: 'inventory',
          material: 'nd-oxide',
          tonnes: 4,
        },
      ]);
      expect(
        (
          await store.telemetry.aggregate({
            kind: 'sensor',
            bucket: 'minute',
            facility: 'text',
            from: T0,
            to: T0 + 60_000,
          })
        )[0]?.sum,
      ).toBe(2.5);
    });

    test('time-range queries are half-open, filtered and ordered by source time', async () => {
      // Delivered out of order: 20 s, 0 s, 10 s after T1.
      const T1 = T0 + 86_400_000;
      await store.telemetry.append([
        sensor('q3', T1 + 20_000, 3, 'hub'),
        sensor('q1', T1, 1, 'hub'),
        sensor('q2', T1 + 10_000, 2, 'hub'),
        production('q4', T1, 50, 'hub'),
      ]);
      const all = await store.telemetry.query({ facility: 'hub', kind: 'sensor' });
      expect(all.map((s) => s.event.id)).toEqual(['q1', 'q2', 'q3']);
      const range = await store.telemetry.query({
        facility: 'hub',
        kind: 'sensor',
        from: T1 + 10_000,
        to: T1 + 20_000,
      });
      expect(range.map((s) => s.event.id)).toEqual(['q2']);
      expect((await store.telemetry.query({ facility: 'hub', limit: 2 })).length).toBe(2);
      expect(
        (await store.telemetry.query({ facility: 'hub', kind: 'sensor', order: 'desc', limit: 2 })).map(
          (s) => s.event.id,
        ),
      ).toEqual(['q3', 'q2']);
      expect(await store.telemetry.count({ facility: 'hub' })).toBe(4);
      expect(await store.telemetry.count({ facility: 'hub', series: 'mine|bayan-obo-concentrate' })).toBe(1);
    });

    test('minute, hour and day buckets: count, sum, min, max, avg and the latest value', async () => {
      const T2 = T0 + 2 * 86_400_000;
      // Values 4 at 00:00:00, 2 at 00:00:30 (delivered first), 6 at 00:01:30, 10 at 01:00:00.
      await store.telemetry.append([
        sensor('a2', T2 + 30_000, 2, 'agg'),
        sensor('a1', T2, 4, 'agg'),
        sensor('a3', T2 + 90_000, 6, 'agg'),
        sensor('a4', T2 + 3_600_000, 10, 'agg'),
      ]);
      const minute = await store.telemetry.aggregate({
        kind: 'sensor',
        bucket: 'minute',
        facility: 'agg',
        from: T2,
        to: T2 + 86_400_000,
      });
      expect(minute).toEqual([
        {
          facility: 'agg',
          series: 'pump-3|vibration',
          bucket: T2,
          count: 2,
          sum: 6,
          min: 2,
          max: 4,
          avg: 3,
          last: 2,
          lastTime: T2 + 30_000,
        },
        {
          facility: 'agg',
          series: 'pump-3|vibration',
          bucket: T2 + 60_000,
          count: 1,
          sum: 6,
          min: 6,
          max: 6,
          avg: 6,
          last: 6,
          lastTime: T2 + 90_000,
        },
        {
          facility: 'agg',
          series: 'pump-3|vibration',
          bucket: T2 + 3_600_000,
          count: 1,
          sum: 10,
          min: 10,
          max: 10,
          avg: 10,
          last: 10,
          lastTime: T2 + 3_600_000,
        },
      ]);
      const hour = await store.telemetry.aggregate({
        kind: 'sensor',
        bucket: 'hour',
        facility: 'agg',
        from: T2,
        to: T2 + 86_400_000,
      });
      expect(hour.map((r) => [r.bucket - T2, r.count, r.sum, r.avg, r.last])).toEqual([
        [0, 3, 12, 4, 6],
        [3_600_000, 1, 10, 10, 10],
      ]);
      const day = await store.telemetry.aggregate({
        kind: 'sensor',
        bucket: 'day',
        facility: 'agg',
        from: T2 - 86_400_000,
        to: T2 + 86_400_000,
      });
      expect(day.map((r) => [r.bucket, r.count, r.sum, r.min, r.max, r.last])).toEqual([
        [T2, 4, 22, 2, 10, 10],
      ]);
    });

    test('last seen per facility and kind is the latest source time', async () => {
      await store.telemetry.append([
        production('ls1', T0 + 5_000, 1, 'seen'),
        production('ls2', T0 + 1_000, 1, 'seen'),
        sensor('ls3', T0 + 7_000, 1, 'seen'),
      ]);
      const seen = (await store.telemetry.lastSeen()).filter((r) => r.facility === 'seen');
      expect(seen).toEqual([
        { facility: 'seen', kind: 'production', time: T0 + 5_000 },
        { facility: 'seen', kind: 'sensor', time: T0 + 7_000 },
      ]);
    });

    test('a batch of 20,000 events is appended in one call, and appending it again stores nothing', async () => {
      const events = Array.from({ length: 20_000 }, (_, i) => sensor(`bulk-${i}`, T0 + i, i, 'bulk'));
      expect((await store.telemetry.append(events)).inserted).toBe(20_000);
      const again = await store.telemetry.append(events);
      expect(again.inserted).toBe(0);
      expect(again.duplicates.length).toBe(20_000);
      expect(await store.telemetry.count({ facility: 'bulk' })).toBe(20_000);
      const [sum] = await store.telemetry.aggregate({
        kind: 'sensor',
        bucket: 'day',
        facility: 'bulk',
        from: T0,
        to: T0 + 86_400_000,
      });
      // 0 + 1 + … + 19,999 = 19,999 × 20,000 / 2.
      expect(sum?.sum).toBe(199_990_000);
    });

    test('alerts are saved, updated, filtered and read back; webhooks are added and removed', async () => {
      const alert: Alert = {
        id: 'al-1',
        key: 'r|f|s',
        rule: 'r',
        severity: 'warning',
        status: 'open',
        facility: 'f',
        subject: 's',
        message: 'high',
        value: 5,
        limit: 4,
        firstTime: T0,
        lastTime: T0,
        count: 1,
      };
      await store.alerts.save(alert);
      await store.alerts.save({ ...alert, id: 'al-2', key: 'r|g|s', facility: 'g', lastTime: T0 + 10 });
      expect(await store.alerts.get('al-1')).toEqual(alert);
      await store.alerts.save({
        ...alert,
        count: 3,
        lastTime: T0 + 20,
        acknowledged: { by: 'ops', at: T0 + 20 },
      });
      expect((await store.alerts.list()).map((a) => a.id)).toEqual(['al-1', 'al-2']);
      expect((await store.alerts.list({ acknowledged: false })).map((a) => a.id)).toEqual(['al-2']);
      expect((await store.alerts.list({ facility: 'f' }))[0]?.count).toBe(3);
      await store.alerts.save({ ...alert, status: 'resolved', resolvedAt: T0 + 30, lastTime: T0 + 30 });
      expect((await store.alerts.list({ status: 'open' })).map((a) => a.id)).toEqual(['al-2']);
      expect(await store.alerts.get('missing')).toBeUndefined();

      await store.alerts.addWebhook({
        id: 'w1',
        url: 'http://127.0.0.1:9/hook',
        minSeverity: 'critical',
        created: T0,
      });
      await store.alerts.addWebhook({
        id: 'w2',
        url: 'http://127.0.0.1:9/other',
        minSeverity: 'info',
        created: T0 + 1,
      });
      expect((await store.alerts.listWebhooks()).map((w) => [w.id, w.minSeverity])).toEqual([
        ['w1', 'critical'],
        ['w2', 'info'],
      ]);
      expect(await store.alerts.removeWebhook('w1')).toBe(true);
      expect(await store.alerts.removeWebhook('w1')).toBe(false);
      expect((await store.alerts.listWebhooks()).map((w) => w.id)).toEqual(['w2']);
    });
  });
}
