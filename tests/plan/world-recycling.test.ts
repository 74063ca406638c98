// data/world recycles magnet swarf and end-of-life magnets at the published rates in its baseline, and
// its magnet demands turn to substitutes (a Dy-lean GBD grade, rare-earth-free motors) only under the
// export controls (issue 14 item 5; README "Recycling" and "Substitution" of data/world).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyScenario, loadModel, type Model } from '../../src/model/index.js';
import { plan, type PlanResult } from '../../src/plan/index.js';
import { createSolver, type Solver } from '../../src/solver/index.js';

let solver: Solver;
let model: Model;
let baseline: PlanResult;

beforeAll(async () => {
  solver = createSolver('highs');
  const loaded = await loadModel('data/world');
  if (!loaded.model) throw new Error('data/world did not load');
  model = loaded.model;
  baseline = await plan(model, { solver });
});
afterAll(async () => {
  await solver.dispose();
});

/** Activity of a process over the horizon, in its units (t of feed or output a year for this 12-month horizon). */
function activity(result: PlanResult, processKey: string): number {
  return result.activity.filter((a) => a.process === processKey).reduce((sum, a) => sum + a.activity, 0);
}

function contentOf(materialId: string): Record<string, number> {
  return model.materials.find((m) => m.id === materialId)?.elements ?? {};
}

const total = (vector: Record<string, number>): number => Object.values(vector).reduce((a, b) => a + b, 0);

async function planScenario(id: string): Promise<PlanResult> {
  const applied = applyScenario(model, id);
  if (!applied.model) throw new Error(`scenario ${id} does not apply`);
  return plan(applied.model, { solver });
}

describe('data/world baseline: recycling at the published rates', () => {
  it('is optimal', () => {
    expect(baseline.status).toBe('optimal');
  });

  it("collects China's end-of-life magnets at the rate that gave 8,000 t PrNd oxide (SMM 2021)", () => {
    // 22,400 t/yr of end-of-life magnets × 0.98 recovery × 0.3643 t Nd+Pr per t (standard grade) = 7,997 t.
    const collected = activity(baseline, 'china-magnet-recyclers/collect-eol');
    expect(collected).toBeCloseTo(22_400, 0);
    expect(activity(baseline, 'china-magnet-recyclers/recycle-eol')).toBeCloseTo(22_400, 0);
    const prNd = collected * 0.98 * total(contentOf('eol-magnet'));
    expect(total(contentOf('eol-magnet'))).toBeCloseTo(0.3643, 4);
    expect(Math.abs(prNd - 8_000) / 8_000).toBeLessThan(0.005);
  });

  it('collects 1% of the ~21,000 t of end-of-life NdFeB outside China (Adamas 2023), split by capacity', () => {
    const outside: Record<string, number> = {
      'noveon-san-marcos/collect-eol': 130,
      'heraeus-bitterfeld/collect-eol': 39,
      'cyclic-kingston/collect-eol': 33,
      'hypromag-tyseley/collect-eol': 6.5,
      'ionic-belfast/collect-eol': 1.8,
    };
    for (const [key, tonnes] of Object.entries(outside))
      expect(activity(baseline, key), key).toBeCloseTo(tonnes, 3);
    const sum = Object.keys(outside).reduce((a, key) => a + activity(baseline, key), 0);
    expect(sum).toBeCloseTo(210.3, 3); // ≈ 0.01 × 21,000
  });

  it("recycles all of China's swarf: what the Chinese magnet plants make, none sold, at 0.98 recovery", () => {
    // swarf made = Σ over Chinese sintering processes of activity × the scrap output per unit (0.3333 t per t magnet).
    const made = { 'magnet-scrap': 0, 'magnet-scrap-ht': 0 };
    for (const row of baseline.production) {
      if (row.country === 'CN' && row.stage === 'magnet' && row.material in made) {
        made[row.material as keyof typeof made] += row.tonnes;
      }
    }
    expect(made['magnet-scrap']).toBeGreaterThan(10_000);
    expect(activity(baseline, 'china-magnet-recyclers/recycle-scrap')).toBeCloseTo(made['magnet-scrap'], 0);
    expect(activity(baseline, 'china-magnet-recyclers/recycle-scrap-ht')).toBeCloseTo(
      made['magnet-scrap-ht'],
      0,
    );
    const chinese = new Set(
      model.facilities
        .filter((f) => f.jurisdiction === 'CN' || f.jurisdiction.startsWith('CN-'))
        .map((f) => f.id),
    );
    const sold = baseline.sinks
      .filter((s) => chinese.has(s.node) && s.material.startsWith('magnet-scrap'))
      .reduce((a, s) => a + s.tonnes, 0);
    expect(sold).toBe(0);
    // Nd oxide out of the recycler = 0.98 × Nd in the swarf and end-of-life magnets it took.
    const ndIn =
      made['magnet-scrap'] * (contentOf('magnet-scrap')['Nd'] ?? 0) +
      made['magnet-scrap-ht'] * (contentOf('magnet-scrap-ht')['Nd'] ?? 0) +
      22_400 * (contentOf('eol-magnet')['Nd'] ?? 0);
    const ndOut = baseline.production
      .filter((p) => p.process.startsWith('china-magnet-recyclers/recycle-') && p.material === 'Nd-oxide')
      .reduce((a, p) => a + p.tonnes, 0);
    expect(ndOut).toBeCloseTo(0.98 * ndIn, 0);
  });

  it('uses no substitute: the baseline has no shortage and substitutes cost more than the magnets they replace', () => {
    expect(baseline.demand.reduce((a, d) => a + d.substituted, 0)).toBe(0);
  });
});

describe('data/world substitutes under the export controls', () => {
  it('heavy-ban: high-temperature demand outside China turns to the GBD grade, NEV demand to rare-earth-free motors', async () => {
    const result = await planScenario('heavy-ban');
    expect(result.status).toBe('optimal');
    const substituted = result.demand.filter((d) => d.substituted > 0);
    expect(substituted.some((d) => d.material === 'ndfeb-magnet-ht' && d.node !== 'cn-consumers')).toBe(true);
    const reFree = result.activity
      .filter((a) => a.process.endsWith('/re-free-motors'))
      .reduce((a, row) => a + row.activity, 0);
    expect(reFree).toBeGreaterThan(0);
    // never beyond a substitute's largest share: GBD ≤ 50% of a high-temperature demand, RE-free ≤ 20% of NEV.
    for (const d of result.demand) expect(d.substituted).toBeLessThanOrEqual(0.7 * d.required + 1e-6);
  });

  it('export-control-2025-04: the licence regime makes some high-temperature demand outside China substitute', async () => {
    const result = await planScenario('export-control-2025-04');
    const substituted = result.demand
      .filter((d) => d.material === 'ndfeb-magnet-ht' && d.node !== 'cn-consumers')
      .reduce((a, d) => a + d.substituted, 0);
    expect(substituted).toBeGreaterThan(0);
  });
});
