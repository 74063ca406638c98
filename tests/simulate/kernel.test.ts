import { describe, expect, it } from 'vitest';
import { createSimulator } from '../../src/simulate/simulate.js';
import { checkRun } from '../../src/simulate/invariants.js';
import { chainModel, traced } from './helpers.js';

describe('kernel on a one-mine chain (1 t/day supplied, 1 t/day demanded)', () => {
  it('serves everything without disruptions, and the run passes the invariant check', () => {
    const model = chainModel();
    const sim = createSimulator(model, { days: 365 });
    const run = traced(sim, 0, 1);
    expect(run.required[0]).toBeCloseTo(365, 9);
    expect(run.served[0]).toBeCloseTo(365, 9);
    expect(run.daysShort[0]).toBe(0);
    expect(checkRun(model, run.trace)).toEqual([]);
  });

  it('a known outage in February (28 days at zero) gives exactly 28 t and 28 days short', () => {
    // Mine out 1–28 Feb: nothing departs those days, so arrivals (1 day later) miss 2 Feb – 1 Mar.
    // The consumer holds no buffer (supply = demand), so 28 × 1 t are short; time to recover 28 days.
    const model = chainModel({
      outages: [{ facility: 'mine', start: '2026-02', end: '2026-02', availability: 0 }],
    });
    const run = traced(createSimulator(model, { days: 365 }), 0, 1);
    expect(365 - (run.served[0] ?? 0)).toBeCloseTo(28, 9);
    expect(run.daysShort[0]).toBe(28);
    expect(run.timeToRecover[0]).toBe(28);
    expect(checkRun(model, run.trace)).toEqual([]);
  });

  it('lead times delay arrivals by exactly their length', () => {
    const model = chainModel({}, '10d');
    const run = traced(createSimulator(model, { days: 60 }), 0, 1);
    expect(run.trace.shipments.length).toBeGreaterThan(50);
    for (const s of run.trace.shipments) expect(s.arrival - s.step).toBe(10);
    expect(checkRun(model, run.trace)).toEqual([]);
  });

  it('a stockpile of X days covers an X-day ban exactly; one tonne less leaves one tonne short', () => {
    // Ban on CN exports of Dy in February (28 days): arrivals stop 2 Feb – 1 Mar, 28 t are missing.
    const ban = {
      id: 'ban',
      kind: 'export-control',
      from: 'CN',
      elements: ['Dy'],
      mode: 'ban',
      start: '2026-02',
      end: '2026-02',
    };
    const withStock = (level: number) =>
      chainModel({
        policies: [ban],
        stockpiles: [{ id: 'jp-dy', holder: 'JP', node: 'maker', material: 'dy', level }],
      });
    const covered = traced(createSimulator(withStock(28), { days: 365 }), 0, 1);
    expect(covered.served[0]).toBeCloseTo(365, 9);
    expect(covered.stockMin[0]).toBeCloseTo(0, 9);
    expect(checkRun(withStock(28), covered.trace)).toEqual([]);
    const short = createSimulator(withStock(27), { days: 365 }).run(0, 1);
    expect(365 - (short.served[0] ?? 0)).toBeCloseTo(1, 9);
  });

  it('a licence regime delays shipments by the licence delay and refusals return material to the mine', () => {
    const licence = {
      id: 'lic',
      kind: 'export-control',
      from: 'CN',
      elements: ['Dy'],
      mode: 'license',
      licenseDelay: '20d',
      approvalProbability: 0.5,
    };
    const model = chainModel({ policies: [licence] });
    const run = traced(createSimulator(model, { days: 120, exportControls: { delayShape: 'fixed' } }), 0, 7);
    const approved = run.trace.shipments.filter((s) => !s.returned);
    const returned = run.trace.shipments.filter((s) => s.returned);
    expect(approved.every((s) => s.arrival - s.step === 21)).toBe(true);
    expect(returned.every((s) => s.arrival - s.step === 20)).toBe(true);
    expect(returned.length).toBeGreaterThan(0);
    expect(run.events['licence-refusals']).toBe(returned.length);
    expect(checkRun(model, run.trace)).toEqual([]);
  });

  it('never changes the model', () => {
    const model = chainModel({ outages: [{ facility: 'mine', start: '2026-02', availability: 0.5 }] });
    const before = JSON.stringify(model);
    createSimulator(model, { days: 30, outages: { rate: 5 } }).run(0, 3);
    expect(JSON.stringify(model)).toBe(before);
  });
});
