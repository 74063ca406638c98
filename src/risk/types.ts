/**
 * Shared shapes of the risk layer: the metric every function returns and the flows view every
 * metric reads. A plan result (and, later, a simulation result) converts to a flows view once, so
 * metrics never depend on which engine produced the flows.
 */

/** One row of a metric: its dimensions (strings) and measures (numbers); `value` is the headline. */
export type MetricRow = { value: number } & Record<string, string | number | boolean | undefined>;

/** What every metric returns: a name, the unit of `value`, and the rows. */
export interface Metric<Row extends MetricRow = MetricRow> {
  name: string;
  unit: string;
  description?: string;
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
