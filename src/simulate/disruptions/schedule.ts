/** Sampling of Poisson event times shared by the disruption processes. */
import { sampleDuration, type Duration } from '../options.js';
import { sampleExponential, type Random } from '../../random.js';

/** One sampled event: start day and duration in days. */
export interface SampledEvent {
  start: number;
  duration: number;
}

/**
 * Events of a Poisson process with `ratePerYear` over `days`, each with a sampled duration.
 * Arrivals do not wait for the previous event to end, so the count is Poisson(rate × days/365).
 */
export function samplePoissonEvents(
  random: Random,
  ratePerYear: number,
  days: number,
  duration: Duration,
): SampledEvent[] {
  const events: SampledEvent[] = [];
  if (ratePerYear <= 0) return events;
  const meanGap = 365 / ratePerYear;
  for (let t = sampleExponential(random, meanGap); t < days; t += sampleExponential(random, meanGap)) {
    events.push({ start: t, duration: sampleDuration(random, duration) });
  }
  return events;
}

/**
 * The steps an event covers: those whose midpoint falls inside it, [round(start / stepDays),
 * round((start + duration) / stepDays)), at least one step. So an event of d whole days covers d
 * daily steps wherever it starts, and on average as many days as it lasts (as `outage-days` counts);
 * rounding outwards covered one step more on average: d + 1 daily steps whenever it started
 * mid-day, a whole extra week with weekly steps.
 *
 * @example toSteps({ start: 13.3, duration: 10 }, 1) // [13, 23]
 */
export function toSteps(event: SampledEvent, stepDays: number): [number, number] {
  const first = Math.round(event.start / stepDays);
  return [first, Math.max(first + 1, Math.round((event.start + event.duration) / stepDays))];
}
