import { describe, expect, it } from 'vitest';
import { checkModel, modelSchema } from '../../../src/model/index.js';

const model = (analytes: unknown[], material = 'ox') =>
  modelSchema.parse({
    schemaVersion: 1,
    name: 'spec',
    horizon: { start: '2026-01', periods: 1 },
    materials: [{ id: 'ox', kind: 'oxide', elements: { Nd: 1 } }],
    specifications: [{ id: 's', material, analytes }],
  });

describe('checkSpecifications', () => {
  it('accepts sensible limits', () => {
    expect(
      checkModel(
        model([
          { analyte: 'TREO', min: 99 },
          { analyte: 'Pr/TREM', target: 25, min: 23, max: 27 },
        ]),
      ),
    ).toEqual([]);
  });

  it('reports an unknown material with a suggestion, and every bad limit at once', () => {
    const issues = checkModel(
      model(
        [
          { analyte: 'TREO' },
          { analyte: 'Fe', min: 2, max: 1 },
          { analyte: 'Pr', target: 30, min: 23, max: 27 },
          { analyte: 'TREO', min: 1 },
        ],
        'oz',
      ),
    );
    expect(issues.map((i) => [i.code, i.path.join('.')])).toEqual([
      ['REF_UNKNOWN', 'specifications.0.material'],
      ['SPEC_NO_LIMIT', 'specifications.0.analytes.0'],
      ['SPEC_LIMITS_ORDER', 'specifications.0.analytes.1.min'],
      ['SPEC_TARGET_OUTSIDE', 'specifications.0.analytes.2.target'],
      ['ID_DUPLICATE', 'specifications.0.analytes.3.analyte'],
    ]);
    expect(issues[0]?.fix).toMatch(/did you mean 'ox'/);
  });
});
