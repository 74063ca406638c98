/**
 * A telemetry simulator for a model: realistic production (capacity × availability with noise),
 * inventory counts, shipments along routes (departed, then arrived after the lead time), assays of
 * separation products, pump sensor readings and maintenance, with injected faults: `drift` (assay
 * purity drifting down) and `pump` (a pump's vibration rising until it fails and stops). Seeded:
 * the same model, seed and times give the same events.
 */
import type { Model } from '../model/index.js';
import type { ShipmentEvent, TelemetryEvent, TelemetryKind } from './telemetry.js';
import { createRandom } from '../random.js';

export const SIMULATOR_FAULTS = ['drift', 'pump'] as const;
export type SimulatorFault = (typeof SIMULATOR_FAULTS)[number];

export interface SimulatorOptions {
  seed: number;
  kinds: readonly TelemetryKind[];
  faults?: readonly SimulatorFault[];
  /** Source of the event ids' prefix (default 'sim'); ids are `<prefix>-<seed>-<n>`. */
  prefix?: string;
}

export interface TelemetrySimulator {
  /** The next `count` events, stamped `time` (epoch ms); production amounts follow the time since each process last reported. */
  next(count: number, time: number): TelemetryEvent[];
}

const YEAR_MS = 365 * 86_400_000;

interface Source {
  kind: TelemetryKind;
  facility: string;
  make: (time: number, id: string) => TelemetryEvent | undefined;
}

/**
 * Creates a simulator over the model's facilities, processes and routes.
 *
 * @example const sim = createTelemetrySimulator(model, {seed: 1, kinds: ['production', 'sensor'], faults: ['pump']}); sim.next(100, clock())
 */
export function createTelemetrySimulator(model: Model, options: SimulatorOptions): TelemetrySimulator {
  const generator = createRandom(options.seed);
  const random = (): number => generator.next();
  const noise = (spread: number): number => (random() * 2 - 1) * spread;
  const faults = new Set(options.faults ?? []);
  const prefix = `${options.prefix ?? 'sim'}-${options.seed}`;
  const sources: Source[] = [];
  const kinds = new Set(options.kinds);
  const lastTime = new Map<string, number>();
  const inventory = new Map<string, number>();
  const pending: { time: number; event: ShipmentEvent }[] = [];
  let lot = 0;
  let shipment = 0;
  let started: number | undefined;
  let pumpFailed = false;
  let firstPump: string | undefined;

  for (const facility of model.facilities) {
    for (const process of facility.processes) {
      const material =
        Object.keys(process.outputs)[0] ??
        (process.separation ? Object.keys(process.separation.products)[0] : undefined);
      if (material === undefined) continue;
      const ratePerMs = (process.capacity * process.availability) / YEAR_MS;
      const asset = `pump-${facility.id}-${process.id}`;
      firstPump ??= asset;
      if (kinds.has('production')) {
        sources.push({
          kind: 'production',
          facility: facility.id,
          make: (time, id) => {
            const key = `${facility.id}/${process.id}`;
            const elapsed = Math.min(3_600_000, time - (lastTime.get(key) ?? time - 60_000));
            lastTime.set(key, time);
            const stopped = pumpFailed && asset === firstPump;
            return {
              v: 1,
              id,
              kind: 'production',
              facility: facility.id,
              time,
              process: process.id,
              material,
              tonnes: stopped ? 0 : Math.max(0, ratePerMs * elapsed * (1 + noise(0.08))),
            };
          },
        });
      }
      if (kinds.has('sensor')) {
        sources.push({
          kind: 'sensor',
          facility: facility.id,
          make: (time, id) => {
            const age = started === undefined ? 0 : (time - started) / 60_000;
            // The failing pump: vibration grows 4 %/min from 3 mm/s; past 11 mm/s it trips.
            const failing = faults.has('pump') && asset === firstPump;
            const base = failing ? 3 * Math.exp(0.04 * age) : 3;
            if (failing && base > 11) pumpFailed = true;
            return {
              v: 1,
              id,
              kind: 'sensor',
              facility: facility.id,
              time,
              asset,
              tag: 'vibration-rms',
              value: Math.min(40, base + noise(0.3)),
              unit: 'mm/s',
              process: process.id,
            };
          },
        });
      }
      if (kinds.has('maintenance')) {
        sources.push({
          kind: 'maintenance',
          facility: facility.id,
          make: (time, id) => {
            if (!(pumpFailed && asset === firstPump) && random() > 0.02) return undefined;
            return {
              v: 1,
              id,
              kind: 'maintenance',
              facility: facility.id,
              time,
              asset,
              type: pumpFailed && asset === firstPump ? 'unplanned' : 'inspection',
              start: time,
              process: process.id,
            };
          },
        });
      }
      if (kinds.has('assay') && process.separation) {
        const products = Object.keys(process.separation.products);
        sources.push({
          kind: 'assay',
          facility: facility.id,
          make: (time, id) => {
            const product = products[lot % products.length] ?? material;
            lot += 1;
            const age = started === undefined ? 0 : (time - started) / 3_600_000;
            const drift = faults.has('drift') ? 0.2 * age : 0;
            return {
              v: 1,
              id,
              kind: 'assay',
              facility: facility.id,
              time,
              lot: `${facility.id}-L${lot}`,
              material: product,
              analyte: 'purity',
              value: 99.5 - drift + noise(0.08),
              unit: '%',
              method: 'ICP-OES',
            };
          },
        });
      }
    }
    if (kinds.has('inventory')) {
      const materials =
        Object.keys(facility.storage).length > 0
          ? Object.keys(facility.storage)
          : facility.processes.flatMap((p) => Object.keys(p.outputs)).slice(0, 1);
      for (const material of materials) {
        sources.push({
          kind: 'inventory',
          facility: facility.id,
          make: (time, id) => {
            const key = `${facility.id}/${material}`;
            const level = Math.max(
              0,
              (inventory.get(key) ?? (facility.storage[material] ?? 1000) / 2) * (1 + noise(0.02)),
            );
            inventory.set(key, level);
            return { v: 1, id, kind: 'inventory', facility: facility.id, time, material, tonnes: level };
          },
        });
      }
    }
  }
  if (kinds.has('shipment')) {
    for (const route of model.routes) {
      const material =
        route.materials?.[0] ??
        model.facilities
          .find((f) => f.id === route.from)
          ?.processes.flatMap((p) => Object.keys(p.outputs))[0];
      if (material === undefined) continue;
      sources.push({
        kind: 'shipment',
        facility: route.from,
        make: (time, id) => {
          shipment += 1;
          const base = {
            v: 1 as const,
            kind: 'shipment' as const,
            shipment: `${route.id}:${shipment}`,
            from: route.from,
            to: route.to,
            material,
            tonnes: 40 + noise(5),
            route: route.id,
          };
          // Arrival after the lead time, compressed 1 day → 1 minute so demos see both ends.
          pending.push({
            time: time + Math.max(1, route.leadTime) * 60_000,
            event: { ...base, id: '', facility: route.to, status: 'arrived', time: 0 },
          });
          return { ...base, id, facility: route.from, status: 'departed', time };
        },
      });
    }
  }

  let n = 0;
  let cursor = 0;
  return {
    next(count, time) {
      started ??= time;
      const out: TelemetryEvent[] = [];
      pending.sort((a, b) => a.time - b.time);
      while (out.length < count && pending.length > 0 && (pending[0]?.time ?? Infinity) <= time) {
        const due = pending.shift();
        if (due) out.push({ ...due.event, id: `${prefix}-${n++}`, time });
      }
      let misses = 0;
      while (out.length < count && sources.length > 0 && misses < sources.length) {
        const source = sources[cursor % sources.length];
        cursor += 1;
        const event = source?.make(time, `${prefix}-${n}`);
        if (event) {
          n += 1;
          out.push(event);
          misses = 0;
        } else misses += 1;
      }
      return out;
    },
  };
}
