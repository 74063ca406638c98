/** GET /v1/assets and /v1/assets/:id over sensor readings posted to /v1/telemetry, with remaining-life alerts. */
import { afterEach, describe, expect, it } from 'vitest';
import { bodyOf, createTestApp } from './helpers.js';
import { NOW } from './telemetry-helpers.js';
import { createQualityApp, postEvents, type QualityApp } from './quality-helpers.js';

let current: QualityApp | undefined;
afterEach(async () => {
  await current?.close();
  current = undefined;
});
const HOUR = 3_600_000;
const PUMPS = [
  {
    id: 'pumps',
    kind: 'maintenance' as const,
    predict: { failure: { 'vibration-rms': { above: 11 } }, leadHours: 8 },
  },
];
/** Vibration 3 + 0.5·h mm/s at hourly readings h = 0…9, the last one hour before the clock. */
const ramp = (asset: string, facility = 'sep-b') =>
  Array.from({ length: 10 }, (_, h) => ({
    id: `${facility}-${asset}-${h}`,
    kind: 'sensor',
    facility,
    time: NOW - (10 - h) * HOUR,
    asset,
    tag: 'vibration-rms',
    value: 3 + 0.5 * h,
    unit: 'mm/s',
    process: 'separate',
  }));

describe('GET /v1/assets', () => {
  it('lists asset health with the remaining life to the failure limit, and the lead-time alert it raised', async () => {
    const { app } = (current = await createQualityApp({ rules: PUMPS }));
    expect(bodyOf(await postEvents(app, ramp('pump-3')))).toMatchObject({ accepted: 10 });
    const { assets } = bodyOf(await app.inject({ url: '/v1/assets' })) as {
      assets: {
        asset: string;
        facility: string;
        trend: string;
        rul: { hours: number; lower: number; limit: number; tag: string };
      }[];
    };
    // Exact line: ŷ(9) = 7.5, slope 0.5/h → (11 − 7.5)/0.5 = 7 h, band [7, 7].
    expect(assets).toHaveLength(1);
    expect(assets[0]).toMatchObject({
      asset: 'pump-3',
      facility: 'sep-b',
      trend: 'rising',
      rul: { tag: 'vibration-rms', limit: 11 },
    });
    expect(assets[0]?.rul.hours).toBeCloseTo(7, 10);
    expect(bodyOf(await app.inject({ url: '/v1/assets?facility=hub' }))['assets']).toEqual([]);
    const alerts = bodyOf(await app.inject({ url: '/v1/alerts?status=open' }))['alerts'] as {
      rule: string;
      subject: string;
      leadHours: number;
      message: string;
    }[];
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ rule: 'pumps', subject: 'pump-3|vibration-rms' });
    expect(alerts[0]?.leadHours).toBeCloseTo(7, 10);
    expect(alerts[0]?.message).toContain('predicted to reach 11 in 7 h');
  });

  it("gives one asset's failure probability and the outage probabilities the simulator takes", async () => {
    const { app } = (current = await createQualityApp({ rules: PUMPS }));
    await postEvents(app, ramp('pump-3'));
    const response = await app.inject({ url: '/v1/assets/pump-3?horizonDays=30&periodDays=1&periods=2' });
    expect(response.statusCode).toBe(200);
    const { prediction } = bodyOf(response) as {
      prediction: {
        probability: number;
        leadDays: number;
        outages: { period: number; probability: number; expectedAvailability: number }[];
        simulation: { outages: { predicted: { facility: string }[] } };
      };
    };
    // P = 1 (the band is exact); the window opens at 7 h = 0.2917 d, inside day 0, so the outage starts in period 0.
    expect(prediction.probability).toBe(1);
    expect(prediction.leadDays).toBeCloseTo(7 / 24, 10);
    expect(prediction.outages.map((o) => [o.period, o.probability, o.expectedAvailability])).toEqual([
      [0, 1, 0],
      [1, 0, 1],
    ]);
    expect(prediction.simulation.outages.predicted[0]?.facility).toBe('sep-b');
  });

  it('answers unknown and ambiguous assets, bad queries and a server without telemetry with codes', async () => {
    const { app } = (current = await createQualityApp({ rules: PUMPS }));
    await postEvents(app, [...ramp('pump-3'), ...ramp('pump-3', 'hub'), ...ramp('fan-1', 'hub').slice(0, 2)]);
    const codeOf = async (url: string) => {
      const response = await app.inject({ url });
      return [response.statusCode, bodyOf(response)['code']];
    };
    expect(await codeOf('/v1/assets/pump-9')).toEqual([404, 'ASSET_NOT_FOUND']);
    expect(await codeOf('/v1/assets/pump-3')).toEqual([400, 'BAD_REQUEST']);
    expect(await codeOf('/v1/assets/pump-3?facility=hub')).toEqual([200, undefined]);
    expect(await codeOf('/v1/assets/pump-3?facility=sep-b&horizonDays=-1')).toEqual([
      400,
      'VALIDATION_FAILED',
    ]);
    // Two readings: no trend fit, so no remaining life and no prediction.
    expect(bodyOf(await app.inject({ url: '/v1/assets/fan-1' }))).toMatchObject({
      trend: 'unknown',
      rul: null,
      prediction: null,
    });
    const plain = createTestApp();
    expect((await plain.inject({ url: '/v1/assets' })).statusCode).toBe(503);
    await plain.close();
  });
});
