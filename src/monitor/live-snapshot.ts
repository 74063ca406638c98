/**
 * The live snapshot's shape, declared once as zod: what `LiveState.snapshot` returns and
 * `GET /v1/live` answers with. Plain values, safe to serialise and send; times are epoch ms.
 */
import { z } from 'zod';
import { TELEMETRY_KINDS } from './telemetry.js';

const epochMs = (description = 'epoch ms') => z.number().meta({ unit: 'ms', description });

export const inventoryStateSchema = z.object({
  facility: z.string(),
  material: z.string(),
  tonnes: z.number().meta({ unit: 't' }),
  time: epochMs(),
});
export type InventoryState = z.infer<typeof inventoryStateSchema>;

export const throughputStateSchema = z.object({
  facility: z.string(),
  process: z.string(),
  material: z.string(),
  tonnes: z
    .number()
    .meta({ unit: 't', description: 'produced within the window ending at the snapshot time' }),
  tonnesPerDay: z.number().meta({ unit: 't/d', description: 'tonnes / window' }),
  total: z.number().meta({ unit: 't', description: 'produced over everything seen' }),
  lastTime: epochMs(),
});
export type ThroughputState = z.infer<typeof throughputStateSchema>;

export const shipmentStateSchema = z.object({
  shipment: z.string(),
  from: z.string(),
  to: z.string(),
  material: z.string(),
  tonnes: z.number().meta({ unit: 't' }),
  status: z.enum(['in-transit', 'arrived']),
  departed: epochMs().exactOptional(),
  arrived: epochMs().exactOptional(),
  route: z.string().exactOptional(),
});
export type ShipmentState = z.infer<typeof shipmentStateSchema>;

export const assayStateSchema = z.object({
  lot: z.string(),
  facility: z.string(),
  material: z.string(),
  analyte: z.string(),
  value: z.number(),
  unit: z.string(),
  time: epochMs(),
});
export type AssayState = z.infer<typeof assayStateSchema>;

export const sensorStateSchema = z.object({
  facility: z.string(),
  asset: z.string(),
  tag: z.string(),
  value: z.number(),
  unit: z.string(),
  time: epochMs(),
});
export type SensorState = z.infer<typeof sensorStateSchema>;

export const maintenanceStateSchema = z.object({
  id: z.string(),
  facility: z.string(),
  asset: z.string(),
  process: z.string().exactOptional(),
  type: z.enum(['planned', 'unplanned', 'inspection']),
  start: epochMs(),
  end: epochMs().exactOptional(),
  availability: z.number().meta({ unit: 'fraction' }),
});
export type MaintenanceState = z.infer<typeof maintenanceStateSchema>;

/** A snapshot: plain values, safe to serialise and send. */
export const liveSnapshotSchema = z
  .object({
    time: epochMs('the snapshot time'),
    events: z.number().int().meta({
      description:
        "events folded in: every facility's, or those of the facilities shown (the sum of `eventsByFacility`)",
    }),
    eventsByFacility: z.array(z.object({ facility: z.string(), events: z.number().int() })),
    inventories: z.array(inventoryStateSchema),
    throughput: z.array(throughputStateSchema),
    inTransit: z.array(shipmentStateSchema),
    assays: z.array(assayStateSchema),
    sensors: z.array(sensorStateSchema),
    maintenance: z.array(maintenanceStateSchema),
    lastSeen: z.array(z.object({ facility: z.string(), kind: z.enum(TELEMETRY_KINDS), time: epochMs() })),
  })
  .meta({ id: 'LiveSnapshot', description: 'the live state of the network, folded from telemetry' });
export type LiveSnapshot = z.infer<typeof liveSnapshotSchema>;
