/**
 * Dates must fall in the horizon: a policy, outage or project window that lies wholly outside it
 * never applies (`PERIOD_OUTSIDE_HORIZON`); an end before its start is an error (`PERIOD_ORDER`);
 * a demand profile needs one multiplier per period (`PROFILE_LENGTH`).
 */
import type { Model } from '../model.js';
import type { Issue, IssuePath } from '../issues.js';
import { monthsPerPeriod, periodLabels } from '../derive.js';
import { toIssue, type CheckContext } from './context.js';

interface Window {
  path: IssuePath;
  what: string;
  start?: string | undefined;
  end?: string | undefined;
}

/** The first and last month of the horizon, `YYYY-MM`; labels compare as strings. */
function horizonMonths(model: Model): [string, string] {
  const labels = periodLabels(model.horizon);
  const last = labels.at(-1) ?? model.horizon.start;
  const [year, month] = last.split('-').map(Number) as [number, number];
  const end = year * 12 + month - 1 + monthsPerPeriod(model.horizon) - 1;
  return [
    model.horizon.start,
    `${String(Math.floor(end / 12)).padStart(4, '0')}-${String((end % 12) + 1).padStart(2, '0')}`,
  ];
}

function checkWindow(window: Window, first: string, last: string): Issue[] {
  const { path, what, start, end } = window;
  if (start !== undefined && end !== undefined && end < start) {
    return [
      toIssue(
        'PERIOD_ORDER',
        'error',
        [...path, 'end'],
        `${what} ends (${end}) before it starts (${start}).`,
        'swap start and end, or fix the year.',
      ),
    ];
  }
  const range = `the horizon runs ${first} to ${last}`;
  if (start !== undefined && start > last) {
    return [
      toIssue(
        'PERIOD_OUTSIDE_HORIZON',
        'warning',
        [...path, 'start'],
        `${what} starts ${start}, after the horizon ends; ${range}, so it never applies.`,
        'move the start into the horizon, or lengthen horizon.periods.',
      ),
    ];
  }
  if (end !== undefined && end < first) {
    return [
      toIssue(
        'PERIOD_OUTSIDE_HORIZON',
        'warning',
        [...path, 'end'],
        `${what} ends ${end}, before the horizon starts; ${range}, so it never applies.`,
        'remove it, or move the end into the horizon.',
      ),
    ];
  }
  return [];
}

/** Checks policy, outage and project dates against the horizon, and demand profile lengths. */
export function checkPeriods(model: Model, context: CheckContext): Issue[] {
  const [first, last] = horizonMonths(model);
  const windows: Window[] = [
    ...model.policies.map((p, i): Window => ({
      path: ['policies', i],
      what: `policy '${p.id}'`,
      start: p.start,
      end: p.end,
    })),
    ...model.outages.map((o, i): Window => ({
      path: ['outages', i],
      what: `outage of '${o.facility}'`,
      start: o.start,
      end: o.end,
    })),
    ...(context.scenarios ? model.scenarios : []).flatMap((s, i) =>
      s.outages.map((o, k): Window => ({
        path: ['scenarios', i, 'outages', k],
        what: `scenario '${s.id}': outage of '${o.facility}'`,
        start: o.start,
        end: o.end,
      })),
    ),
  ];
  const issues = windows.flatMap((w) => checkWindow(w, first, last));
  model.projects.forEach((project, i) => {
    if (project.earliestStart !== undefined && project.earliestStart > last) {
      issues.push(
        toIssue(
          'PERIOD_OUTSIDE_HORIZON',
          'warning',
          ['projects', i, 'earliestStart'],
          `project '${project.id}' may start ${project.earliestStart}, after the horizon ends (${last}), so it can never be built.`,
          'move earliestStart into the horizon, or lengthen horizon.periods.',
        ),
      );
    }
  });
  model.demands.forEach((demand, i) => {
    if (demand.profile !== undefined && demand.profile.length !== model.horizon.periods) {
      issues.push(
        toIssue(
          'PROFILE_LENGTH',
          'error',
          ['demands', i, 'profile'],
          `demand '${demand.id}' has a profile of ${demand.profile.length} multipliers; expected one per period of the horizon (${model.horizon.periods}).`,
          demand.profile.length < model.horizon.periods
            ? `add ${model.horizon.periods - demand.profile.length} multipliers, or remove the profile.`
            : `remove the last ${demand.profile.length - model.horizon.periods} multipliers.`,
        ),
      );
    }
  });
  return issues;
}
