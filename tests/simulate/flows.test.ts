import { describe, expect, it } from 'vitest';
import {
  createSimulator,
  representativeRun,
  runMonteCarlo,
  toSimulatedFlows,
  type RunSummary,
} from '../../src/simulate/index.js';
import { chainModel } from './helpers.js';

const total = (rows: readonly { tonnes: number }[]): number => rows.reduce((a, r) => a + r.tonnes, 0);

describe('flows of a traced run by period', () => {
  it('counts the mine at 1 t/day: 31 t in January, 28 t in February; demand 1 t/day required', () => {
    const sim = createSimulator(chainModel(), { days: 59, allocation: 'pro-rata' });
    const run = sim.run(0, 7, { trace: true });
    const flows = toSimulatedFlows(sim.net, run, 7);
    expect(flows.periods).toEqual(['2026-01', '2026-02']);
    expect(flows.periodDays).toEqual([31, 28]);
    expect(flows.activity).toEqual([
      { process: 'mine/mine', period: '2026-01', activity: expect.closeTo(31, 9) as number },
      { process: 'mine/mine', period: '2026-02', activity: expect.closeTo(28, 9) as number },
    ]);
    expect(flows.deliveries.map((d) => [d.period, d.required])).toEqual([
      ['2026-01', expect.closeTo(31, 9)],
      ['2026-02', expect.closeTo(28, 9)],
    ]);
    // Served by period adds up to the run's own total, and the fill rate is served ÷ required.
    const served = flows.deliveries.reduce((a, d) => a + d.served, 0);
    expect(served).toBeCloseTo(run.served[0] ?? 0, 9);
    expect(flows.fillRate).toBeCloseTo(served / 59, 12);
  });

  it('replays closing stocks that end where the kernel ended, and balance each period at the mine', () => {
    const sim = createSimulator(chainModel({}, '40d'), { days: 59, allocation: 'pro-rata' });
    const run = sim.run(0, 7, { trace: true });
    const trace = run.trace;
    if (!trace) throw new Error('expected a trace');
    const flows = toSimulatedFlows(sim.net, run, 7);
    const closing = (node: string, period: string): number =>
      flows.stocks.find((s) => s.node === node && s.period === period)?.tonnes ?? 0;
    for (const f of trace.final) expect(closing(f.node, '2026-02')).toBeCloseTo(f.tonnes, 9);
    // Mine: opening + produced − shipped = closing, per period (no demand or sink at the mine).
    const opening = trace.initial.find((s) => s.node === 'mine')?.tonnes ?? 0;
    const shipped = (period: string): number => total(flows.shipments.filter((s) => s.period === period));
    expect(closing('mine', '2026-01')).toBeCloseTo(opening + 31 - shipped('2026-01'), 9);
    expect(closing('mine', '2026-02')).toBeCloseTo(closing('mine', '2026-01') + 28 - shipped('2026-02'), 9);
    // A 40-day lead time: January departures arrive in February (or later, still in transit).
    expect(flows.shipments.filter((s) => s.period === '2026-01').every((s) => s.arrival === '2026-02')).toBe(
      true,
    );
  });

  it('picks the lower-median run by system fill rate, ties by run index', () => {
    const summary = (run: number, served: number): RunSummary => ({
      run,
      seed: 1,
      randomDraws: 0,
      required: [10],
      served: [served],
      daysShort: [0],
      timeToRecover: [0],
      recovered: [true],
      stockMin: [],
      fillSeries: [],
      demandFillSeries: [],
      stockSeries: [],
      events: {},
      imbalance: 0,
      throughput: 1,
    });
    // Fill rates 0.9, 0.5, 1, 0.5 → sorted (0.5 r1, 0.5 r3, 0.9 r0, 1 r2): lower median = index 1 → run 3.
    expect(representativeRun([summary(0, 9), summary(1, 5), summary(2, 10), summary(3, 5)])?.run).toBe(3);
    expect(representativeRun([])).toBeUndefined();
  });

  it('adds the representative run’s flows to a Monte Carlo result only when asked', async () => {
    const setup = {
      model: chainModel(),
      options: { days: 31, allocation: 'pro-rata' as const, outages: { rate: 6 } },
    };
    const plain = await runMonteCarlo(setup, { runs: 5, seed: 3 });
    expect(plain.flows).toBeUndefined();
    const withFlows = await runMonteCarlo(setup, { runs: 5, seed: 3, flows: true });
    expect({ ...withFlows, flows: undefined }).toEqual({ ...plain, flows: undefined });
    const flows = withFlows.flows;
    expect(flows?.periods).toEqual(['2026-01']);
    // Same run, same seed → the same flows as a traced re-run by hand.
    const sim = createSimulator(setup.model, setup.options);
    expect(flows).toEqual(toSimulatedFlows(sim.net, sim.run(flows?.run ?? -1, 3, { trace: true }), 3));
  });
});
