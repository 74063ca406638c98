import { describe, expect, it } from 'vitest';
import { loadModel, modelSchema, summarizeModel } from '../../src/model/index.js';
import { createTwoBaseInput } from './checks/fixtures.js';

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

describe('summarizeModel material contents', () => {
  it('splits REO grades by distribution and keeps listed element contents', () => {
    const model = modelSchema.parse(createTwoBaseInput());
    const contents = summarizeModel(model).materialContents;
    // bayan-concentrate: 0.5 t REO × La 30, Ce 45, Pr 5, Nd 15, Dy 5 (of 100) = 0.15, 0.225, 0.025, 0.075, 0.025.
    expect(contents['bayan-concentrate']).toEqual({ La: 0.15, Ce: 0.225, Pr: 0.025, Nd: 0.075, Dy: 0.025 });
    expect(contents['NdPr-metal']).toEqual({ Pr: 0.29, Nd: 0.87 });
    expect(contents['La-oxide']).toEqual({ La: 1 });
  });
});
