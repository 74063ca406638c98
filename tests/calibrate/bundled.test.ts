/**
 * The bundled models against their calibration tables: every published figure passes or states a
 * departure, every source id is in data/SOURCES.md, and docs/calibration.md is the current runs.
 *
 * BUNDLED CALIBRATION GATE: when a data change moves a figure outside its tolerance, fix the data
 * (or, for a deliberate modelling choice, give the figure a `departure` with the reason). Do not
 * widen a tolerance or change a published value to make this pass.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CalibrationReport } from '../../src/calibrate/index.js';
import { BUNDLED_MODELS, calibrateBundled, toCalibrationDoc } from '../../src/cli/calibrate-doc.js';
import { formatFigureValue } from '../../src/cli/calibrate.js';

let runs: { path: string; report: CalibrationReport }[];

beforeAll(async () => {
  runs = await calibrateBundled(process.cwd(), process.env);
}, 120_000);

describe('bundled calibration', () => {
  it('has at least 30 figures for data/world and 10 for data/two-base', () => {
    const count = (path: string): number => runs.find((r) => r.path === path)?.report.figures.length ?? 0;
    expect(runs.map((r) => r.path)).toEqual([...BUNDLED_MODELS]);
    expect(count('data/world')).toBeGreaterThanOrEqual(30);
    expect(count('data/two-base')).toBeGreaterThanOrEqual(10);
  });

  it.each([...BUNDLED_MODELS])(
    '%s: every figure passes or carries a departure (BUNDLED CALIBRATION GATE)',
    (path) => {
      const report = runs.find((r) => r.path === path)?.report;
      const failing = report?.figures
        .filter((f) => f.status === 'fail')
        .map(
          (f) =>
            `${f.id}: published ${formatFigureValue(f.published)}, model ${formatFigureValue(f.model)} [${f.source}]`,
        );
      expect(failing).toEqual([]);
    },
  );

  it('cites only source ids of data/SOURCES.md', () => {
    const sources = readFileSync('data/SOURCES.md', 'utf8');
    const ids = new Set(
      [...sources.matchAll(/^\| `?([A-Za-z0-9_;. ]+?)`? \|/gm)].flatMap((m) => (m[1] ?? '').split(/;\s*/)),
    );
    const cited = [...new Set(runs.flatMap((r) => r.report.figures.map((f) => f.source)))];
    expect(cited.filter((id) => !ids.has(id))).toEqual([]);
  });

  it('docs/calibration.md is generated from these runs (run `npm run docs` when this fails)', () => {
    expect(readFileSync('docs/calibration.md', 'utf8')).toBe(toCalibrationDoc(runs));
  });
});
