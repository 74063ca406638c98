/**
 * A scenario shares what it does not change with the base model (review D6): `reeflow validate`
 * applies every scenario, and copying and re-parsing a 500,000-row routes table for each one made a
 * 49 MB routes.csv need 2.6 GB. Sharing is safe only if nothing writes into the base, so the base
 * here is deeply frozen: any write into a shared row or table throws (test files are ES modules,
 * strict mode).
 */
import { describe, expect, it } from 'vitest';
import { applyScenario } from '../../src/model/scenario.js';
import { checkModel } from '../../src/model/checks/index.js';
import { TABLES, type Model } from '../../src/model/model.js';
import { createTwoBase } from './checks/fixtures.js';

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const item of Object.values(value)) deepFreeze(item);
  }
  return value;
}

/** The tables of `result` that are the very arrays of `base`. */
const sharedTables = (base: Model, result: Model | undefined): string[] =>
  TABLES.filter((table) => table !== 'scenarios' && result?.[table] === base[table]);

const model = deepFreeze(
  createTwoBase((m) => {
    m.scenarios = [
      { id: 'route-lead-time', set: { 'routes.bayan-obo->baiyin-separation.leadTime': '2w' } },
      { id: 'ban', set: { 'policies.cn-export-control-2025-04.mode': 'ban' }, demandMultiplier: 2 },
      {
        id: 'ban-and-outage',
        extends: 'ban',
        outages: [{ facility: 'bayan-obo', start: '2026-03', end: '2026-05', availability: '40%' }],
        projects: { 'baiyin-expansion': 'committed' },
      },
      { id: 'no-quota', remove: { policies: ['jp-ndpr-share'] } },
      { id: 'longer', set: { 'horizon.periods': 24 } },
    ];
  }),
);

describe('applyScenario on a frozen base', () => {
  it('applies every scenario without writing into the base, and checks the base with them', () => {
    for (const { id } of model.scenarios) expect(applyScenario(model, id).issues, id).toEqual([]);
    expect(checkModel(model).filter((issue) => issue.severity === 'error')).toEqual([]);
  });

  it('shares every table a scenario does not change, and gives the changed ones as new arrays', () => {
    const others = (...changed: string[]) =>
      TABLES.filter((table) => table !== 'scenarios' && !changed.includes(table));
    expect(sharedTables(model, applyScenario(model, 'route-lead-time').model)).toEqual(others('routes'));
    expect(sharedTables(model, applyScenario(model, 'ban').model)).toEqual(others('policies', 'demands'));
    expect(sharedTables(model, applyScenario(model, 'ban-and-outage').model)).toEqual(
      others('policies', 'demands', 'outages', 'projects'),
    );
    expect(sharedTables(model, applyScenario(model, 'no-quota').model)).toEqual(others('policies'));
    expect(sharedTables(model, applyScenario(model, 'longer').model)).toEqual(others());
  });

  it('changes the rows it writes in new objects: the base keeps its values', () => {
    const result = applyScenario(model, 'ban-and-outage').model;
    expect(result?.demands[0]?.quantity).toBe(2 * (model.demands[0]?.quantity ?? 0));
    expect(result?.projects.find((p) => p.id === 'baiyin-expansion')?.decision).toBe('committed');
    expect(model.projects.find((p) => p.id === 'baiyin-expansion')?.decision).toBe('optional');
    expect(applyScenario(model, 'route-lead-time').model?.routes[0]?.leadTime).toBe(14);
    expect(model.routes[0]?.leadTime).not.toBe(14);
  });
});
