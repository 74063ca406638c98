/**
 * Shared shapes of the risk layer: the metric every function returns and the flows view every
 * metric reads. A plan result (and, later, a simulation result) converts to a flows view once, so
 * metrics never depend on which engine produced the flows.
 */

import { z } from 'zod';

/** One row of a metric: its dimensions (strings) and measures (numbers); `value` is the headline. */
export type MetricRow = { value: number } & Record<string, string | number | boolean | undefined>;

/** A metric row over JSON: `value` plus named dimensions and measures (docs/risk.md lists them per metric). */
export const metricRowSchema = z
  .object({ value: z.number().meta({ description: 'the headline measure, in the metric’s unit' }) })
  .catchall(z.union([z.string(), z.number(), z.boolean()]))
  .meta({ description: 'dimensions (strings, e.g. stage, jurisdiction) and measures (numbers) of one row' });

/** What every metric returns: a name, the unit of `value`, and the rows. */
export const metricSchema = z
  .object({
    name: z.string(),
    unit: z.string().meta({ description: 'unit of `value`' }),
    description: z.string().exactOptional(),
    notes: z.array(z.string()).exactOptional().meta({
      description:
        'what a reader needs to read the rows right: a target not reached, a result outside the range its method is valid for',
    }),
    values: z.array(metricRowSchema),
  })
  .meta({
    id: 'RiskMetric',
    description: 'a metric: name, unit of `value`, rows of dimensions and measures (docs/risk.md)',
  });

/** What every metric returns (`metricSchema`), with rows of a metric's own shape. */
export interface Metric<Row extends MetricRow = MetricRow> extends Omit<
  z.infer<typeof metricSchema>,
  'values'
> {
  values: Row[];
}

/** Output of one process in one period (t of material). */
export interface ProductionRecord {
  facility: string;
  /** Process key `facility/process`. */
  process: string;
  stage: string;
  material: string;
  period: string;
  tonnes: number;
}

/** Input of one process in one period (t of material consumed); same fields as an output. */
export type ConsumptionRecord = ProductionRecord;

/** A shipment on a route; it leaves in `period` and arrives in `arrival`. */
export interface ShipmentRecord {
  route: string;
  from: string;
  to: string;
  material: string;
  period: string;
  arrival: string;
  tonnes: number;
}

/** Demand served at a consumer node (t of the demanded material). */
export interface DeliveryRecord {
  demand: string;
  node: string;
  material: string;
  period: string;
  required: number;
  served: number;
}

/** Material held at a node at the end of a period: commercial inventory or a stockpile. */
export interface StockRecord {
  /** Inventory `node|material` or stockpile id. */
  holder: string;
  kind: 'inventory' | 'stockpile';
  node: string;
  material: string;
  period: string;
  /** Closing level, t. */
  tonnes: number;
  /** Opening level before the first period (stockpiles), t. */
  opening?: number;
}

/** Surplus leaving the network through a sink (sold, stored, disposed). */
export interface SinkRecord {
  node: string;
  material: string;
  period: string;
  tonnes: number;
}

/** Capacity use of one process in one period, on its reference flow (t). */
export interface CapacityRecord {
  facility: string;
  process: string;
  stage: string;
  period: string;
  throughput: number;
  capacity: number;
}

/**
 * What the metrics read: production by facility/stage/period, process inputs, shipments by
 * route/material/period, deliveries, stocks and sinks, plus the run's total cost. Jurisdictions,
 * operators and element contents come from the model (see `createRiskNetwork`).
 */
export interface FlowsView {
  /** Where it came from: `plan`, `simulation`… */
  source: string;
  scenario?: string;
  status: string;
  periods: string[];
  production: ProductionRecord[];
  consumption: ConsumptionRecord[];
  shipments: ShipmentRecord[];
  deliveries: DeliveryRecord[];
  stocks: StockRecord[];
  sinks: SinkRecord[];
  capacities: CapacityRecord[];
  /** Total cost of the run, USD, unmet-demand penalties included. */
  cost: number;
  /** The same without the value of unmet demand, USD: what the supply itself costs. */
  supplyCost: number;
}
