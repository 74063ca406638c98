/** Sampling of Poisson event times shared by the disruption processes. */
import { sampleDuration, type Duration } from '../options.js';
import { sampleExponential, type Random } from '../random.js';

/** One sampled event: start day and duration in days. */
export interface SampledEvent {
  start: number;
  duration: number;
}

/**
 * Events of a Poisson process with `ratePerYear` over `days`, each with a sampled duration.
 * Arrivals do not wait for the previous event to end, so the count is Poisson(rate × days/365).
 */
export function samplePoissonEvents(random: Random, ratePerYear: number, days: number, duration: Duration): SampledEvent[] {
  const events: SampledEvent[] = [];
  if (ratePerYear <= 0) return events;
  const meanGap = 365 / ratePerYear;
  for (let t = sampleExponential(random, meanGap); t < days; t += sampleExponential(random, meanGap)) {
    events.push({ start: t, duration: sampleDuration(random, duration) });
  }
  return events;
}

/** The steps an event covers: [floor(start / stepDays), ceil((start + duration) / stepDays)), at least one step. */
export function toSteps(event: SampledEvent, stepDays: number): [number, number] {
  const first = Math.floor(event.start / stepDays);
  return [first, Math.max(first + 1, Math.ceil((event.start + event.duration) / stepDays))];
}
