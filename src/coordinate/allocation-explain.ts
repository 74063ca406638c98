/**
 * The sentences that explain an allocation's numbers, carried in the result (`explanations`) so
 * the CLI and the dashboard say the same thing: projects whose value depends on the others
 * (alone against with the chosen set), why the next best is left out, projects whose standalone
 * NPV and system value disagree, and why a project already under construction can be unfunded.
 */
import type { AllocationResult } from './result.js';

type Unexplained = Omit<AllocationResult, 'explanations'>;
type Described = { project: string; name?: string | undefined };

/** `Name (id)`, or the id when the model gives no name. */
export const projectLabel = (p: Described): string => (p.name ? `${p.name} (${p.project})` : p.project);

/** `USD 719.38M` for money, else the goal's number (its unit is stated once, with the goal). */
function amount(value: number, unit: string, currency: string): string {
  const text = (v: number, digits: number) =>
    (Object.is(v, -0) ? 0 : v).toLocaleString('en-US', { maximumFractionDigits: digits });
  return unit === 'USD' ? `${currency} ${text(value / 1e6, 2)}M` : text(value, 1);
}

/** Whether two values of one project differ by more than solver noise (1 % of the larger). */
const differs = (a: number, b: number): boolean =>
  Math.abs(a - b) > 0.01 * Math.max(Math.abs(a), Math.abs(b), 1e-9);

/** Projects whose value with the chosen set differs from their value alone. */
function dependence(result: Unexplained, money: (v: number) => string): string[] {
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

/**
 * Why the next best is unfunded though it would buy something. With one scenario and no time limit
 * hit the MIP is exact, so a budget is what keeps it out; otherwise nothing is claimed.
 */
function nextBest(result: Unexplained, usd: (v: number) => string): string[] {
  const next = result.nextBest;
  const exact = result.scenarios.length <= 1 && !result.notes.some((n) => n.includes('time limit'));
  const funders = Object.keys(result.funderBudgets).length;
  if (!next || !exact || next.wouldBuy <= 1e-6 * Math.max(1, Math.abs(result.value))) return [];
  if (result.budget === undefined && funders === 0) return [];
  const budget =
    result.budget === undefined
      ? "a funder's budget"
      : `the budget of ${usd(result.budget)} a year${funders > 0 ? " or a funder's budget" : ''}`;
  return [
    `${projectLabel(next)} is not funded though it would buy the most: with it the capex started in one year would exceed ${budget}${next.alone <= 0 ? ', and alone, instead of the funded projects, it would not pay' : ''}.`,
  ];
}

/**
 * Projects whose standalone NPV and system value point opposite ways (least-cost goal only, where
 * both are money): the NPV values the project's own output at the model's prices, the system value
 * is what the whole plan saves with it, net of what it changes elsewhere.
 */
function npvAgainstSystem(result: Unexplained, usd: (v: number) => string): string[] {
  if (result.unit !== 'USD') return [];
  const why =
    "its NPV values its own output at the model's prices; the plan counts what it changes for the whole system";
  const worse = (value: number) => `make the plan's cost ${usd(-value)} worse`;
  const saves = (value: number) => `save the plan ${usd(value)}`;
  return [
    ...result.chosen.map((c) => ({ p: c, value: c.buys, where: 'funded, it does' })),
    ...result.unfunded.map((u) => ({
      p: u,
      value: u.wouldBuy,
      where: 'on top of the funded projects it would',
    })),
  ].flatMap(({ p, value, where }) => {
    if (p.npv === undefined || p.npv === 0 || value === 0 || Math.sign(p.npv) === Math.sign(value)) return [];
    return [
      `${projectLabel(p)} has a standalone NPV of ${usd(p.npv)}, yet ${where} ${value < 0 ? worse(value) : saves(value)}: ${why}.`,
    ];
  });
}

const UNDER_WAY = new Set(['construction', 'commissioning', 'operating']);

/** Why a project under construction can be unfunded: its stage does not decide funding, its `decision` does. */
function stages(result: Unexplained, usd: (v: number) => string): string[] {
  return result.unfunded
    .filter((u) => UNDER_WAY.has(u.status))
    .map(
      (u) =>
        `${projectLabel(u)} is at stage '${u.status}' yet not funded: its stage does not decide funding, its decision (optional) does, so its whole capex (${usd(u.capex)}) counts against the budget in the year construction starts. Set decision: committed in the model when its money is spent or secured (committed projects are built and funded outside the budget).`,
    );
}

/**
 * The explanations of an allocation, most telling first.
 *
 * @example explainAllocation(result)[0] // 'JL Mag … is not funded though it would buy the most: …'
 */
export function explainAllocation(result: Unexplained): string[] {
  const money = (v: number) => amount(v, result.unit, result.currency);
  const usd = (v: number) => amount(v, 'USD', result.currency);
  return [
    ...nextBest(result, usd),
    ...dependence(result, money),
    ...npvAgainstSystem(result, usd),
    ...stages(result, usd),
  ];
}
