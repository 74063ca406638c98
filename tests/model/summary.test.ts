import { describe, expect, it } from 'vitest';
import { loadModel, summarizeModel } from '../../src/model/index.js';

describe('summarizeModel on data/world', () => {
  it('shows 2025 mine production by country as USGS MCS 2026 reports it', async () => {
    const { model } = await loadModel('data/world');
    if (!model) throw new Error('data/world did not load');
    const mining = summarizeModel(model).capacity.filter((r) => r.stage === 'mining');
    const byCountry = Object.fromEntries(mining.map((r) => [r.jurisdiction, r.reoOutput]));
    // USGS MCS 2026, 2025e (t REO): China 270,000; US 51,000; Australia 29,000; Burma 22,000; world ≈ 390,000.
    expect(byCountry['CN']).toBeCloseTo(270_000, -1);
    expect(byCountry['US']).toBeCloseTo(51_000, -1);
    expect(byCountry['AU']).toBeCloseTo(29_000, -1);
    expect(byCountry['MM']).toBeCloseTo(22_000, -1);
    const world = mining.reduce((a, r) => a + r.reoOutput, 0);
    expect(Math.abs(world - 390_000) / 390_000).toBeLessThan(0.01);
  });
});
