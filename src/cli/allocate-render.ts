/**
 * The human report of `reeflow allocate`: what the goal is measured over, the funded and unfunded
 * projects by name, and the sentences that explain the numbers (system value vs standalone NPV,
 * projects whose value depends on the others, stages that do not decide funding).
 */
import { projectLabel, type AllocationResult } from '../coordinate/index.js';
import { formatNumber, renderTable } from './output.js';

const amount = (value: number, unit: string): string =>
  unit === 'USD' ? `${formatNumber(value / 1e6, 2)}M` : formatNumber(value, 1);

type Described = { project: string; name?: string | undefined };

const STEP_WORDS = { month: 'months', quarter: 'quarters', year: 'years' } as const;

/** What the goal is a total over: "7 years from 2026-01" (one per distinct scenario horizon). */
export function horizonText(result: Pick<AllocationResult, 'horizons'>): string {
  return result.horizons
    .map((h) => `${h.periods} ${h.periods === 1 ? h.step : STEP_WORDS[h.step]} from ${h.start}`)
    .join(' or ');
}

/** The next best and what it would buy with the funded projects and alone. */
function nextBestLine(result: AllocationResult): string | undefined {
  const next = result.nextBest;
  if (!next) return undefined;
  const money = (v: number) => amount(v, result.unit);
  return `Next best: ${projectLabel(next)}, capex ${amount(next.capex, 'USD')}: would buy ${money(next.wouldBuy)} on top of the funded projects, ${money(next.alone)} alone.`;
}

/** One table row per project: id, capex, its value with the others (`heading`), alone, standalone NPV and name (when known). */
function projectTable(
  result: AllocationResult,
  heading: string,
  rows: readonly (Described & { capex: number; value: number; alone: number; npv?: number })[],
): string {
  const named = rows.some((r) => r.name);
  const valued = rows.some((r) => r.npv !== undefined);
  return renderTable(
    ['project', 'capex', heading, 'alone', ...(valued ? ['NPV'] : []), ...(named ? ['name'] : [])],
    rows.map((r) => [
      r.project,
      amount(r.capex, 'USD'),
      amount(r.value, result.unit),
      amount(r.alone, result.unit),
      ...(valued ? [r.npv === undefined ? '–' : amount(r.npv, 'USD')] : []),
      ...(named ? [r.name ?? ''] : []),
    ]),
  );
}

/** The human report: the chosen portfolio, what each project buys, and what the unfunded would. */
export function renderAllocation(result: AllocationResult): string {
  const unit = result.unit;
  const money = (v: number) => amount(v, result.unit);
  const lines = [
    `goal ${result.goal} (${unit})${result.scenarios.length > 0 ? ` over scenarios ${result.scenarios.join(', ')}` : ''}; budget ${result.budget === undefined ? 'none' : `${amount(result.budget, 'USD')} a year`}${Object.entries(
      result.funderBudgets,
    )
      .map(([f, v]) => `; ${f} ≤ ${amount(v, 'USD')}`)
      .join('')}`,
    `with the chosen projects: ${money(result.value)}; with no optional project: ${money(result.baseline)}`,
    result.unit === 'USD'
      ? `(each the plan's total cost over its horizon, ${horizonText(result)}, not discounted, in ${result.currency} millions; a project's capital enters as an annuity while it runs)`
      : `(each a total over the plan horizon, ${horizonText(result)}; capex in ${result.currency} millions)`,
    '',
  ];
  if (result.chosen.length === 0) lines.push('No project is worth funding for this goal.');
  else {
    lines.push('Funded (buys = how much worse the goal gets without it, the others kept)');
    lines.push(
      projectTable(
        result,
        'buys',
        result.chosen.map((c) => ({ ...c, value: c.buys })),
      ),
    );
  }
  if (result.unfunded.length > 0) {
    lines.push(
      '',
      'Not funded (would buy = improvement if added on top; negative = it would make the goal worse)',
    );
    lines.push(
      projectTable(
        result,
        'would buy',
        result.unfunded.map((u) => ({ ...u, value: u.wouldBuy })),
      ),
    );
    const next = nextBestLine(result);
    if (next) lines.push('', next);
  }
  if (result.explanations.length > 0) lines.push('', ...result.explanations);
  if (result.fixed.length > 0)
    lines.push(
      '',
      `Not the allocation's to decide: ${result.fixed.map((f) => `${projectLabel(f)} (${f.decision === 'committed' ? 'committed: built, funded outside the budget' : f.decision})`).join(', ')}`,
    );
  lines.push(
    '',
    `buys, would buy and alone are system values: how much the whole plan's goal improves with the project, so they count how projects complement or substitute one another (alone = built with no other optional project). NPV is standalone, as \`reeflow projects\` gives it: the project's own cash flows at the model's prices, discounted at its cost of capital. The two can disagree.`,
  );
  for (const note of result.notes) lines.push(`note: ${note}`);
  lines.push('', `${result.solves} plans solved`);
  return `${lines.join('\n')}\n`;
}
