/**
 * The human report of `reeflow allocate`: what the goal is measured over, the funded and unfunded
 * projects by name, and the sentences that explain the numbers (system value vs standalone NPV,
 * projects whose value depends on the others, stages that do not decide funding).
 */
import type { AllocationResult } from '../coordinate/index.js';
import { formatNumber, renderTable } from './output.js';

const amount = (value: number, unit: string): string =>
  unit === 'USD' ? `${formatNumber(value / 1e6, 2)}M` : formatNumber(value, 1);

type Described = { project: string; name?: string | undefined };

/** `Name (id)`, or the id when the model gives no name. */
export const projectLabel = (p: Described): string => (p.name ? `${p.name} (${p.project})` : p.project);

const STEP_WORDS = { month: 'months', quarter: 'quarters', year: 'years' } as const;

/** What the goal is a total over: "7 years from 2026-01" (one per distinct scenario horizon). */
export function horizonText(result: Pick<AllocationResult, 'horizons'>): string {
  return result.horizons
    .map((h) => `${h.periods} ${h.periods === 1 ? h.step : STEP_WORDS[h.step]} from ${h.start}`)
    .join(' or ');
}

/** Whether two values of one project differ by more than solver noise (1 % of the larger). */
const differs = (a: number, b: number): boolean =>
  Math.abs(a - b) > 0.01 * Math.max(Math.abs(a), Math.abs(b), 1e-9);

/** Sentences for projects whose value with the chosen set differs from their value alone. */
export function dependenceLines(result: AllocationResult): string[] {
  const money = (v: number) => amount(v, result.unit);
  const lines: string[] = [];
  for (const c of result.chosen) {
    if (result.chosen.length < 2 || !differs(c.buys, c.alone)) continue;
    lines.push(
      c.buys > c.alone
        ? `${projectLabel(c)} is worth more with the other funded projects: it buys ${money(c.buys)} with them, ${money(c.alone)} alone.`
        : `${projectLabel(c)} overlaps with the other funded projects: alone it would buy ${money(c.alone)}, with them ${money(c.buys)}.`,
    );
  }
  for (const u of result.unfunded) {
    if (result.chosen.length === 0 || !differs(u.wouldBuy, u.alone)) continue;
    lines.push(
      u.wouldBuy > u.alone
        ? `${projectLabel(u)} complements the funded projects: on top of them it would buy ${money(u.wouldBuy)}, alone ${money(u.alone)}.`
        : `${projectLabel(u)} substitutes for the funded projects: alone it would buy ${money(u.alone)}, on top of them ${money(u.wouldBuy)}.`,
    );
  }
  return lines;
}

const UNDER_WAY = new Set(['construction', 'commissioning', 'operating']);

/** Why a project under construction can be unfunded: its stage does not decide funding, its `decision` does. */
export function stageLines(result: AllocationResult): string[] {
  return result.unfunded
    .filter((u) => UNDER_WAY.has(u.status))
    .map(
      (u) =>
        `${projectLabel(u)} is at stage '${u.status}' yet not funded: its stage does not decide funding, its decision (optional) does, so its whole capex (${amount(u.capex, 'USD')}) counts against the budget in the year construction starts. Set decision: committed in the model when its money is spent or secured (committed projects are built and funded outside the budget).`,
    );
}

/** Why the next best is not funded though it would buy something: with one scenario the MIP is exact, so the budget is what keeps it out. */
function nextBestLine(result: AllocationResult): string | undefined {
  const next = result.nextBest;
  if (!next) return undefined;
  const money = (v: number) => amount(v, result.unit);
  const head = `Next best: ${projectLabel(next)}, capex ${amount(next.capex, 'USD')}: would buy ${money(next.wouldBuy)} on top of the funded projects, ${money(next.alone)} alone.`;
  const exact = result.scenarios.length <= 1 && !result.notes.some((n) => n.includes('time limit'));
  const funders = Object.keys(result.funderBudgets).length;
  if (next.wouldBuy <= 1e-6 * Math.max(1, Math.abs(result.value)) || !exact) return head;
  if (result.budget === undefined && funders === 0) return head;
  const budget =
    result.budget === undefined
      ? "a funder's budget"
      : `the budget of ${amount(result.budget, 'USD')} a year${funders > 0 ? " or a funder's budget" : ''}`;
  return `${head} It is not funded because with it the capex started in one year would exceed ${budget}${next.alone <= 0 ? ', and alone, instead of the funded projects, it would not pay' : ''}.`;
}

/** One table row per project: id, capex, its value with the others (`heading`), alone, and name. */
function projectTable(
  result: AllocationResult,
  heading: string,
  rows: readonly (Described & { capex: number; value: number; alone: number })[],
): string {
  return renderTable(
    ['project', 'capex', heading, 'alone', 'name'],
    rows.map((r) => [
      r.project,
      amount(r.capex, 'USD'),
      amount(r.value, result.unit),
      amount(r.alone, result.unit),
      r.name ?? '',
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
  const explained = [...dependenceLines(result), ...stageLines(result)];
  if (explained.length > 0) lines.push('', ...explained);
  if (result.fixed.length > 0)
    lines.push(
      '',
      `Not the allocation's to decide: ${result.fixed.map((f) => `${projectLabel(f)} (${f.decision === 'committed' ? 'committed: built, funded outside the budget' : f.decision})`).join(', ')}`,
    );
  lines.push(
    '',
    `buys, would buy and alone are system values: how much the whole plan's goal improves with the project, so they count how projects complement or substitute one another (alone = built with no other optional project). They are not the standalone NPV of \`reeflow projects\`, which discounts the project's own cash flows at the model's prices: the two can disagree.`,
  );
  for (const note of result.notes) lines.push(`note: ${note}`);
  lines.push('', `${result.solves} plans solved`);
  return `${lines.join('\n')}\n`;
}
