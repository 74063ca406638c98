/**
 * The live state of the network, folded from telemetry events: inventories, throughput per
 * process, shipments in transit, the latest assay per lot, latest sensor readings, open
 * maintenance and when each facility last reported. Out-of-order delivery is safe: "latest"
 * always means latest source time, and a shipment that arrived stays arrived whatever comes next.
 * Feed each event once (the store's `stored` list, never duplicates).
 */
import type {
  AssayState,
  InventoryState,
  LiveSnapshot,
  MaintenanceState,
  SensorState,
  ShipmentState,
  ThroughputState,
} from './live-snapshot.js';
import type { TelemetryEvent, TelemetryKind } from './telemetry.js';

export type {
  AssayState,
  InventoryState,
  LiveSnapshot,
  MaintenanceState,
  SensorState,
  ShipmentState,
  ThroughputState,
} from './live-snapshot.js';

export interface LiveStateOptions {
  /** Throughput window, ms (default 24 h). */
  windowMs?: number;
}

/** Folds events into the live state; `snapshot(now)` returns a new value each time. */
export interface LiveState {
  apply(event: TelemetryEvent): void;
  applyAll(events: Iterable<TelemetryEvent>): void;
  snapshot(now: number, filter?: { facility?: string }): LiveSnapshot;
  /** Latest source time per facility and kind. */
  lastSeen(): Map<string, number>;
}

const DAY = 86_400_000;

/** Production of one process and material, in hourly buckets (enough for a sliding window). */
interface ProductionTrack {
  facility: string;
  process: string;
  material: string;
  total: number;
  lastTime: number;
  hours: Map<number, number>;
}

/**
 * Creates an empty live state.
 *
 * @example const live = createLiveState(); live.applyAll(events); live.snapshot(clock())
 */
export function createLiveState(options: LiveStateOptions = {}): LiveState {
  const windowMs = options.windowMs ?? DAY;
  const inventories = new Map<string, InventoryState>();
  const production = new Map<string, ProductionTrack>();
  const shipments = new Map<string, ShipmentState>();
  const assays = new Map<string, AssayState>();
  const sensors = new Map<string, SensorState>();
  const maintenance = new Map<string, MaintenanceState>();
  /** Latest source time per facility, then kind (nested, so no key string is built per event). */
  const seen = new Map<string, Map<TelemetryKind, number>>();
  const counts = new Map<string, number>();
  let count = 0;

  const apply = (event: TelemetryEvent): void => {
    count += 1;
    counts.set(event.facility, (counts.get(event.facility) ?? 0) + 1);
    let kinds = seen.get(event.facility);
    if (!kinds) seen.set(event.facility, (kinds = new Map()));
    if ((kinds.get(event.kind) ?? -Infinity) < event.time) kinds.set(event.kind, event.time);
    switch (event.kind) {
      case 'inventory': {
        const key = `${event.facility}\u0000${event.material}`;
        const current = inventories.get(key);
        if (!current || current.time <= event.time)
          inventories.set(key, {
            facility: event.facility,
            material: event.material,
            tonnes: event.tonnes,
            time: event.time,
          });
        break;
      }
      case 'production': {
        const key = `${event.facility}\u0000${event.process}\u0000${event.material}`;
        const track = production.get(key) ?? {
          facility: event.facility,
          process: event.process,
          material: event.material,
          total: 0,
          lastTime: -Infinity,
          hours: new Map<number, number>(),
        };
        track.total += event.tonnes;
        track.lastTime = Math.max(track.lastTime, event.time);
        const hour = Math.floor(event.time / 3_600_000);
        track.hours.set(hour, (track.hours.get(hour) ?? 0) + event.tonnes);
        // Keep the window plus a margin for late events; older hours only count in `total`.
        const oldest = Math.floor((track.lastTime - windowMs) / 3_600_000) - 1;
        if (track.hours.size > windowMs / 3_600_000 + 4)
          for (const h of track.hours.keys()) if (h < oldest) track.hours.delete(h);
        production.set(key, track);
        break;
      }
      case 'shipment': {
        const current = shipments.get(event.shipment);
        const next: ShipmentState = current ?? {
          shipment: event.shipment,
          from: event.from,
          to: event.to,
          material: event.material,
          tonnes: event.tonnes,
          status: 'in-transit',
        };
        if (event.status === 'departed') next.departed = event.time;
        else {
          next.arrived = event.time;
          next.status = 'arrived';
          next.tonnes = event.tonnes;
        }
        if (event.route !== undefined) next.route = event.route;
        shipments.set(event.shipment, next);
        break;
      }
      case 'assay': {
        const key = `${event.lot}\u0000${event.analyte}`;
        const current = assays.get(key);
        if (!current || current.time <= event.time) {
          assays.set(key, {
            lot: event.lot,
            facility: event.facility,
            material: event.material,
            analyte: event.analyte,
            value: event.value,
            unit: event.unit,
            time: event.time,
          });
        }
        break;
      }
      case 'sensor': {
        const key = `${event.facility}\u0000${event.asset}\u0000${event.tag}`;
        const current = sensors.get(key);
        if (!current)
          sensors.set(key, {
            facility: event.facility,
            asset: event.asset,
            tag: event.tag,
            value: event.value,
            unit: event.unit,
            time: event.time,
          });
        else if (current.time <= event.time) {
          // Updated in place (snapshots copy): one reading per event would otherwise be one object per event.
          current.value = event.value;
          current.unit = event.unit;
          current.time = event.time;
        }
        break;
      }
      case 'maintenance': {
        // One work order per (facility, asset, start): a later event with an end closes it.
        const key = `${event.facility}\u0000${event.asset}\u0000${event.start}`;
        const current = maintenance.get(key);
        const availability = event.availability ?? (event.type === 'inspection' ? 1 : 0);
        const next: MaintenanceState = {
          id: event.id,
          facility: event.facility,
          asset: event.asset,
          type: event.type,
          start: event.start,
          availability,
          ...(event.process === undefined ? {} : { process: event.process }),
          ...(event.end === undefined
            ? current?.end === undefined
              ? {}
              : { end: current.end }
            : { end: event.end }),
        };
        maintenance.set(key, next);
        break;
      }
    }
  };

  const snapshot = (now: number, filter: { facility?: string } = {}): LiveSnapshot => {
    const keep = (facility: string): boolean => filter.facility === undefined || filter.facility === facility;
    const from = now - windowMs;
    const throughput: ThroughputState[] = [];
    for (const track of production.values()) {
      if (!keep(track.facility)) continue;
      let tonnes = 0;
      for (const [hour, amount] of track.hours)
        if (hour * 3_600_000 >= from && hour * 3_600_000 < now) tonnes += amount;
      throughput.push({
        facility: track.facility,
        process: track.process,
        material: track.material,
        tonnes,
        tonnesPerDay: (tonnes * DAY) / windowMs,
        total: track.total,
        lastTime: track.lastTime,
      });
    }
    const byKey = <T extends { facility: string }>(values: Iterable<T>): T[] =>
      [...values].filter((v) => keep(v.facility)).map((v) => ({ ...v }));
    const eventsByFacility = [...counts]
      .filter(([facility]) => keep(facility))
      .map(([facility, events]) => ({ facility, events }));
    return {
      time: now,
      events: filter.facility === undefined ? count : eventsByFacility.reduce((sum, f) => sum + f.events, 0),
      eventsByFacility,
      inventories: byKey(inventories.values()),
      throughput,
      inTransit: [...shipments.values()]
        .filter(
          (s) =>
            s.status === 'in-transit' &&
            (filter.facility === undefined || s.from === filter.facility || s.to === filter.facility),
        )
        .map((s) => ({ ...s })),
      assays: byKey(assays.values()),
      sensors: byKey(sensors.values()),
      maintenance: byKey(maintenance.values()).filter((m) => m.end === undefined || m.end > now),
      lastSeen: [...seen]
        .filter(([facility]) => keep(facility))
        .flatMap(([facility, kinds]) => [...kinds].map(([kind, time]) => ({ facility, kind, time }))),
    };
  };

  return {
    apply,
    applyAll: (events) => {
      for (const event of events) apply(event);
    },
    snapshot,
    lastSeen: () => {
      const joined = new Map<string, number>();
      for (const [facility, kinds] of seen)
        for (const [kind, time] of kinds) joined.set(`${facility}\u0000${kind}`, time);
      return joined;
    },
  };
}
