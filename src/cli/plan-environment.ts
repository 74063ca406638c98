/** The environment sections of the plan summary: indicators by country and stage, and the comparison with the least-cost plan. */
import {
  ENVIRONMENT_INDICATORS,
  ENVIRONMENT_UNITS,
  type Indicators,
  type LeastCostComparison,
  type PlanResult,
} from '../plan/index.js';
import { formatNumber, renderTable } from './output.js';

/** Rounds to whole units, so that round-off never prints as "-0". */
function whole(value: number): string {
  return formatNumber(Math.abs(value) < 0.5 ? 0 : value);
}

const HEADER = ENVIRONMENT_INDICATORS.map((i) => `${i} ${ENVIRONMENT_UNITS[i]}`);

function cells(amounts: Indicators): string[] {
  return ENVIRONMENT_INDICATORS.map((i) => whole(amounts[i]));
}

/** Energy, emissions, water and radioactive residue over the horizon by country (top 8) and by stage. */
export function renderEnvironment(result: PlanResult): string[] {
  const { total, byCountry, byStage } = result.environment;
  if (ENVIRONMENT_INDICATORS.every((i) => total[i] === 0)) return [];
  const totalRow = ['total', ...cells(total)];
  return [
    'Environment by country (over the horizon; residue = thorium/uranium-bearing tailings and residues)',
    renderTable(
      ['country', ...HEADER],
      [...byCountry.slice(0, 8).map((r) => [r.country, ...cells(r)]), totalRow],
    ),
    '',
    'Environment by stage',
    renderTable(['stage', ...HEADER], [...byStage.map((r) => [r.stage, ...cells(r)]), totalRow]),
    '',
  ];
}

/** What the plan changes against the least-cost plan: indicators, cost of abatement, largest shifts. */
export function renderLeastCostComparison(result: PlanResult, comparison: LeastCostComparison): string[] {
  const lines = ['Against the least-cost plan'];
  lines.push(
    renderTable(
      ['indicator', 'least cost', 'this plan', 'change'],
      ENVIRONMENT_INDICATORS.map((i) => [
        `${i} ${ENVIRONMENT_UNITS[i]}`,
        whole(comparison.leastCost[i]),
        whole(result.environment.total[i]),
        whole(result.environment.total[i] - comparison.leastCost[i]),
      ]),
    ),
    '',
  );
  const perTonne =
    comparison.costPerTonneAvoided === undefined
      ? 'no emissions avoided'
      : `${formatNumber(comparison.costPerTonneAvoided, 1)} USD per tCO2e avoided`;
  if (Math.abs(comparison.emissionsAvoided) < 0.5 && Math.abs(comparison.extraCost) < 0.5)
    lines.push('The same emissions and cost as the least-cost plan.');
  else
    lines.push(
      `Avoids ${whole(comparison.emissionsAvoided)} tCO2e for ${whole(comparison.extraCost)} USD more (${perTonne}).`,
    );
  const changes = Object.entries(comparison.costChange).sort((a, b) => Math.abs(b[1]) - Math.abs(a[1]));
  if (changes.length > 0)
    lines.push(`Cost change by category: ${changes.map(([k, v]) => `${k} ${whole(v)}`).join(', ')}.`);
  lines.push('');
  if (comparison.shifts.length > 0) {
    lines.push('Largest shifts (t on each process reference flow over the horizon), by change in emissions');
    lines.push(
      renderTable(
        ['process', 'country', 'stage', 'least cost', 'this plan', 'tCO2e change'],
        comparison.shifts
          .slice(0, 12)
          .map((s) => [
            s.process,
            s.country,
            s.stage,
            whole(s.leastCost),
            whole(s.planned),
            whole(s.emissionsChange),
          ]),
      ),
      '',
    );
  }
  return lines;
}
