/**
 * Run rules: the eight Nelson rules (J. Qual. Technol. 16(4), 1984) and the four Western Electric rules
 * (Statistical Quality Control Handbook, 1956), evaluated in ONE pass over standardised points
 * z = (x − CL)/σ with shift-register counters (no allocation per point).
 *
 * Conventions (Minitab's, stated in docs/quality-and-maintenance.md):
 * - A rule fires at the point that completes the pattern; `points` lists the pattern's points.
 * - "Beyond kσ" is strict (|z| > k); a point exactly on the centre line belongs to neither side and
 *   breaks same-side runs; ties break trends (rule 3) and alternations (rule 4).
 * - k-of-m rules (N5/WE2, N6/WE3) fire only when the completing point is itself beyond the zone, on the
 *   same side as the others, so one pattern is reported once.
 * - Runs keep firing at every further point while they last (a run of 11 on one side fires N2 at points 9, 10, 11).
 */
import { SpcError } from './errors.js';

/** A run rule: Nelson 1–8 or Western Electric 1–4. */
export type RuleId =
  | 'nelson-1'
  | 'nelson-2'
  | 'nelson-3'
  | 'nelson-4'
  | 'nelson-5'
  | 'nelson-6'
  | 'nelson-7'
  | 'nelson-8'
  | 'we-1'
  | 'we-2'
  | 'we-3'
  | 'we-4';

/** What each rule tests, for reports. */
export const RULE_DESCRIPTIONS: Readonly<Record<RuleId, string>> = {
  'nelson-1': 'one point beyond 3σ',
  'nelson-2': 'nine points in a row on the same side of the centre line',
  'nelson-3': 'six points in a row steadily increasing or decreasing',
  'nelson-4': 'fourteen points in a row alternating up and down',
  'nelson-5': 'two of three points in a row beyond 2σ on the same side',
  'nelson-6': 'four of five points in a row beyond 1σ on the same side',
  'nelson-7': 'fifteen points in a row within 1σ',
  'nelson-8': 'eight points in a row beyond 1σ (either side)',
  'we-1': 'one point beyond 3σ',
  'we-2': 'two of three points in a row beyond 2σ on the same side',
  'we-3': 'four of five points in a row beyond 1σ on the same side',
  'we-4': 'eight points in a row on the same side of the centre line',
};

const RULE_BITS: Readonly<Record<RuleId, number>> = {
  'nelson-1': 1 << 0,
  'nelson-2': 1 << 1,
  'nelson-3': 1 << 2,
  'nelson-4': 1 << 3,
  'nelson-5': 1 << 4,
  'nelson-6': 1 << 5,
  'nelson-7': 1 << 6,
  'nelson-8': 1 << 7,
  'we-1': 1 << 8,
  'we-2': 1 << 9,
  'we-3': 1 << 10,
  'we-4': 1 << 11,
};
const ALL_RULES = Object.keys(RULE_BITS) as RuleId[];

/** Every Nelson rule. */
export const NELSON_RULES: readonly RuleId[] = [
  'nelson-1',
  'nelson-2',
  'nelson-3',
  'nelson-4',
  'nelson-5',
  'nelson-6',
  'nelson-7',
  'nelson-8',
];
/** Every Western Electric rule. */
export const WESTERN_ELECTRIC_RULES: readonly RuleId[] = ['we-1', 'we-2', 'we-3', 'we-4'];

/** One rule firing: the rule, the point that completed the pattern, and the pattern's points (0-based). */
export interface Violation {
  /** The run rule, or 'beyond-limits' for EWMA and CUSUM statistics outside their decision limits. */
  rule: RuleId | 'beyond-limits';
  index: number;
  points: number[];
}

/**
 * Parses a rule selection: 'nelson', 'we', 'none', a list of Nelson numbers ('1,2,5' or [1, 2, 5]),
 * or rule ids ('we-2'); throws SPC_BAD_RULE otherwise.
 *
 * @example parseRules('1,2,5') // ['nelson-1', 'nelson-2', 'nelson-5']
 */
export function parseRules(selection: string | readonly (number | string)[]): RuleId[] {
  const items =
    typeof selection === 'string'
      ? selection
          .split(',')
          .map((s) => s.trim())
          .filter((s) => s !== '')
      : selection;
  const out = new Set<RuleId>();
  for (const item of items) {
    const text = String(item).toLowerCase();
    if (text === 'nelson') NELSON_RULES.forEach((r) => out.add(r));
    else if (text === 'we' || text === 'western-electric') WESTERN_ELECTRIC_RULES.forEach((r) => out.add(r));
    else if (text === 'none') continue;
    else if (/^[1-8]$/.test(text)) out.add(`nelson-${text}` as RuleId);
    else if ((ALL_RULES as string[]).includes(text)) out.add(text as RuleId);
    else if (/^we[1-4]$/.test(text)) out.add(`we-${text.slice(2)}` as RuleId);
    else
      throw new SpcError(
        'SPC_BAD_RULE',
        `unknown run rule '${String(item)}'; expected nelson, we, none, numbers 1–8 (Nelson) or ids nelson-1…nelson-8, we-1…we-4`,
      );
  }
  return ALL_RULES.filter((r) => out.has(r));
}

const POP = new Uint8Array(32);
for (let i = 0; i < 32; i++)
  POP[i] = (i & 1) + ((i >> 1) & 1) + ((i >> 2) & 1) + ((i >> 3) & 1) + ((i >> 4) & 1);

/**
 * The rule kernel: for standardised points z, a bit mask per point of the rules (bit order of RULE_BITS)
 * that fire there. One pass, constant state; NaN points fire nothing and reset every run.
 */
export function ruleFlags(zIn: ArrayLike<number>, rules: readonly RuleId[]): Uint16Array {
  let mask = 0;
  for (const r of rules) mask |= RULE_BITS[r];
  const z = zIn instanceof Float64Array ? zIn : Float64Array.from(zIn);
  const n = z.length;
  const flags = new Uint16Array(n);
  let up = 0; // same-side run lengths
  let down = 0;
  let inc = 0; // consecutive strictly increasing / decreasing differences
  let dec = 0;
  let alt = 0; // length of the current chain of alternating differences
  let lastSign = 0;
  let within = 0; // |z| < 1 run
  let outside = 0; // |z| > 1 run
  let h2u = 0; // 3-point histories beyond +2σ / −2σ
  let h2d = 0;
  let h1u = 0; // 5-point histories beyond +1σ / −1σ
  let h1d = 0;
  let prev = NaN;
  for (let i = 0; i < n; i++) {
    const v = z[i] as number;
    if (v !== v) {
      up = down = inc = dec = alt = within = outside = h2u = h2d = h1u = h1d = lastSign = 0;
      prev = NaN;
      continue;
    }
    up = v > 0 ? up + 1 : 0;
    down = v < 0 ? down + 1 : 0;
    const d = v - prev; // NaN at the first point: every comparison below is false
    inc = d > 0 ? inc + 1 : 0;
    dec = d < 0 ? dec + 1 : 0;
    const sign = d > 0 ? 1 : d < 0 ? -1 : 0;
    alt = sign === 0 ? 0 : sign === -lastSign ? alt + 1 : 1;
    lastSign = sign;
    prev = v;
    h2u = ((h2u << 1) | (v > 2 ? 1 : 0)) & 7;
    h2d = ((h2d << 1) | (v < -2 ? 1 : 0)) & 7;
    h1u = ((h1u << 1) | (v > 1 ? 1 : 0)) & 31;
    h1d = ((h1d << 1) | (v < -1 ? 1 : 0)) & 31;
    within = v < 1 && v > -1 ? within + 1 : 0;
    outside = v > 1 || v < -1 ? outside + 1 : 0;
    let f = 0;
    if (v > 3 || v < -3) f |= 0x101;
    if (up >= 8 || down >= 8) f |= up >= 9 || down >= 9 ? 0x802 : 0x800;
    if (inc >= 5 || dec >= 5) f |= 0x4;
    if (alt >= 13) f |= 0x8;
    if (((h2u & 1) === 1 && (POP[h2u] as number) >= 2) || ((h2d & 1) === 1 && (POP[h2d] as number) >= 2))
      f |= 0x210;
    if (((h1u & 1) === 1 && (POP[h1u] as number) >= 4) || ((h1d & 1) === 1 && (POP[h1d] as number) >= 4))
      f |= 0x420;
    if (within >= 15) f |= 0x40;
    if (outside >= 8) f |= 0x80;
    flags[i] = f & mask;
  }
  return flags;
}

const WINDOW: Readonly<Record<RuleId, number>> = {
  'nelson-1': 1,
  'nelson-2': 9,
  'nelson-3': 6,
  'nelson-4': 14,
  'nelson-5': 3,
  'nelson-6': 5,
  'nelson-7': 15,
  'nelson-8': 8,
  'we-1': 1,
  'we-2': 3,
  'we-3': 5,
  'we-4': 8,
};

/**
 * Evaluates run rules on standardised points z = (x − CL)/σ and lists each violation with its points.
 *
 * @example evaluateRules(Float64Array.of(0, 3.5, 0), parseRules('nelson')) // [{ rule: 'nelson-1', index: 1, points: [1] }]
 */
export function evaluateRules(z: ArrayLike<number>, rules: readonly RuleId[], offset = 0): Violation[] {
  const flags = ruleFlags(z, rules);
  const out: Violation[] = [];
  const selected = ALL_RULES.filter((r) => rules.includes(r));
  for (let i = 0; i < flags.length; i++) {
    const f = flags[i] as number;
    if (f === 0) continue;
    for (const rule of selected) {
      if ((f & RULE_BITS[rule]) === 0) continue;
      const w = WINDOW[rule];
      const points: number[] = [];
      const v = z[i] as number;
      for (let j = Math.max(0, i - w + 1); j <= i; j++) {
        const zj = z[j] as number;
        if (rule === 'nelson-5' || rule === 'we-2') {
          if (v > 0 ? zj > 2 : zj < -2) points.push(j + offset);
        } else if (rule === 'nelson-6' || rule === 'we-3') {
          if (v > 0 ? zj > 1 : zj < -1) points.push(j + offset);
        } else points.push(j + offset);
      }
      out.push({ rule, index: i + offset, points });
    }
  }
  return out;
}
