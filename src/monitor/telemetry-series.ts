/** Where a telemetry event belongs: its series for bucket aggregates and its MQTT topic. */
import {
  TELEMETRY_KINDS,
  TELEMETRY_VERSION,
  type TelemetryEvent,
  type TelemetryKind,
} from './telemetry-schema.js';

/**
 * The series an event belongs to and the number it carries, for bucket aggregates:
 * production `process|material` (t), inventory `material` (t), shipment `status|material|to` (t),
 * assay `material|analyte` (value), sensor `asset|tag` (value), maintenance `asset` (hours, when ended).
 */
export function toSeries(event: TelemetryEvent): { series: string; value: number | null } {
  switch (event.kind) {
    case 'production':
      return { series: `${event.process}|${event.material}`, value: event.tonnes };
    case 'inventory':
      return { series: event.material, value: event.tonnes };
    case 'shipment':
      return { series: `${event.status}|${event.material}|${event.to}`, value: event.tonnes };
    case 'assay':
      return { series: `${event.material}|${event.analyte}`, value: event.value };
    case 'sensor':
      return { series: `${event.asset}|${event.tag}`, value: event.value };
    case 'maintenance':
      return {
        series: event.asset,
        value: event.end === undefined ? null : (event.end - event.start) / 3_600_000,
      };
  }
}

/** The MQTT topic an event is published on: `reeflow/v1/<facility>/<kind>`. */
export function toTelemetryTopic(event: Pick<TelemetryEvent, 'facility' | 'kind'>): string {
  return `reeflow/v${TELEMETRY_VERSION}/${event.facility}/${event.kind}`;
}

/** Reads `reeflow/v1/<facility>/<kind>`; undefined for any other topic. */
export function fromTelemetryTopic(topic: string): { facility: string; kind: TelemetryKind } | undefined {
  const parts = topic.split('/');
  if (parts.length !== 4 || parts[0] !== 'reeflow' || parts[1] !== `v${TELEMETRY_VERSION}`) return undefined;
  const facility = parts[2];
  const kind = parts[3];
  if (!facility || !(TELEMETRY_KINDS as readonly string[]).includes(kind ?? '')) return undefined;
  return { facility, kind: kind as TelemetryKind };
}
