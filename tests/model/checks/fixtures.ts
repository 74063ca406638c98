/** Tiny models for the check tests: a clean two-base chain, and a helper that parses overrides. */
import { modelSchema, type Model, type ModelInput } from '../../../src/model/model.js';

/** A model input whose tables are all present, so tests can edit them directly. */
type EditedTable =
  'jurisdictions' | 'materials' | 'facilities' | 'routes' | 'demands' | 'policies' | 'projects';
export type TwoBaseInput = ModelInput & { [K in EditedTable]-?: NonNullable<ModelInput[K]> };

/** The DESIGN.md example, completed so every demand is servable: a clean model with no issues. */
export function createTwoBaseInput(): TwoBaseInput {
  return {
    schemaVersion: 1,
    name: 'Two-base example',
    horizon: { start: '2026-01', periods: 12, step: 'month' },
    jurisdictions: [
      { id: 'CN', name: 'China' },
      { id: 'CN-NM', name: 'Inner Mongolia', parent: 'CN' },
      { id: 'CN-GS', name: 'Gansu', parent: 'CN' },
      { id: 'CN-ZJ', name: 'Zhejiang', parent: 'CN' },
      { id: 'JP', name: 'Japan' },
    ],
    distributions: {
      // Rounder than Bayan Obo so the products' fixed compositions match the feed exactly:
      // NdPr is Pr 5 : Nd 15 = 0.25 : 0.75; the rest is Ce 45 : Dy 5 = 0.9 : 0.1.
      'bayan-obo': { La: 30, Ce: 45, Pr: 5, Nd: 15, Dy: 5 },
    },
    materials: [
      { id: 'bayan-concentrate', kind: 'concentrate', reo: 0.5, distribution: 'bayan-obo' },
      { id: 'NdPr-oxide', kind: 'oxide', elements: { Pr: 0.25, Nd: 0.75 } },
      { id: 'La-oxide', kind: 'oxide', elements: { La: 1 } },
      { id: 'mixed-rest', kind: 'mixed', elements: { Ce: 0.9, Dy: 0.1 } },
      // 1.16 t REO-equivalent per t, but 0.29 × 0.828 + 0.87 × 0.857 = 0.986 t of metal: allowed.
      { id: 'NdPr-metal', kind: 'metal', elements: { Pr: 0.29, Nd: 0.87 } },
    ],
    facilities: [
      {
        id: 'bayan-obo',
        operator: 'Baogang',
        jurisdiction: 'CN-NM',
        processes: [
          {
            id: 'mine',
            stage: 'mining',
            outputs: { 'bayan-concentrate': 1 },
            capacity: '360000/yr',
            cost: 180,
          },
        ],
      },
      {
        id: 'baiyin-separation',
        operator: 'Gansu Rare Earth',
        jurisdiction: 'CN-GS',
        processes: [
          {
            id: 'separate',
            stage: 'separation',
            separation: {
              feed: 'bayan-concentrate',
              recovery: 0.95,
              products: { 'NdPr-oxide': 'NdPr', 'La-oxide': ['La'] },
              rest: 'mixed-rest',
            },
            capacity: '60000/yr',
          },
        ],
      },
      { id: 'magnet-maker', jurisdiction: 'CN-ZJ', kind: 'consumer' },
      { id: 'tokyo-buyer', jurisdiction: 'JP', kind: 'consumer' },
    ],
    routes: [
      {
        from: 'bayan-obo',
        to: 'baiyin-separation',
        mode: 'rail',
        distanceKm: 1100,
        leadTime: '5d',
        cost: 40,
      },
      { from: 'baiyin-separation', to: 'magnet-maker', mode: 'rail', leadTime: '7d', cost: 60 },
      {
        from: 'baiyin-separation',
        to: 'tokyo-buyer',
        mode: 'sea',
        leadTime: '30d',
        cost: 120,
        materials: ['NdPr-oxide'],
      },
    ],
    demands: [
      { node: 'magnet-maker', material: 'NdPr-oxide', quantity: '20 kt/yr' },
      { node: 'tokyo-buyer', material: 'NdPr-oxide', quantity: '5 kt/yr' },
    ],
    sinks: [
      { material: 'La-oxide', kind: 'store', cost: 20, limit: 50000 },
      { material: 'mixed-rest', kind: 'sell', price: 500 },
    ],
    policies: [
      {
        id: 'cn-mining-quota-2024',
        kind: 'quota',
        scope: { jurisdiction: 'CN', stage: 'mining' },
        limit: '270000/yr',
      },
      {
        id: 'cn-export-control-2025-04',
        kind: 'export-control',
        from: 'CN',
        elements: ['Sm', 'Gd', 'Tb', 'Dy', 'Lu', 'Sc', 'Y'],
        mode: 'license',
        licenseDelay: '45d',
        approvalProbability: 0.6,
        start: '2025-04',
      },
      {
        id: 'jp-ndpr-share',
        kind: 'share-cap',
        consumer: { jurisdiction: 'JP' },
        through: 'CN',
        elements: ['NdPr'],
        maxShare: 0.5,
      },
    ],
    projects: [
      {
        id: 'baiyin-expansion',
        facility: 'baiyin-separation',
        expands: { process: 'separate', capacity: '20000/yr' },
        capex: '300M',
        buildTime: '18mo',
      },
    ],
    scenarios: [
      { id: 'heavy-ban', set: { 'policies.cn-export-control-2025-04.mode': 'ban' } },
      { id: 'boom', extends: 'heavy-ban', demandMultiplier: { 'NdPr-oxide': 1.5, JP: 2 } },
    ],
  };
}

/** Parses a model input; throws with the schema's issues when it does not parse. */
export function parseModel(input: ModelInput): Model {
  const parsed = modelSchema.safeParse(input);
  if (!parsed.success) throw new Error(JSON.stringify(parsed.error.issues));
  return parsed.data;
}

/** The clean two-base model, parsed, with `edit` applied to its input first. */
export function createTwoBase(edit: (input: TwoBaseInput) => void = () => undefined): Model {
  const input = createTwoBaseInput();
  edit(input);
  return parseModel(input);
}

/** A value the fixture is known to have; throws when it does not. */
export function given<T>(value: T | undefined): T {
  if (value === undefined) throw new Error('fixture lacks a value');
  return value;
}

/** Row `i` of a table, for editing fixtures; throws when the fixture has no such row. */
export function row<T>(rows: readonly T[] | undefined, i: number): T {
  const found = rows?.[i];
  if (found === undefined) throw new Error(`fixture has no row ${i}`);
  return found;
}
