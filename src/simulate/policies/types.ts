/** The kernel's public API for allocation policies: split what a stock can ship among its outlets. */
import type { Network, Source } from '../network.js';

export interface AllocationContext {
  net: Network;
  period: number;
  /** Whether a lane can take a shipment this step (route open, not banned, room left). */
  isOpen(lane: number): boolean;
  /** Tonnes each stock still wants (order-up-to position minus on hand and in transit). */
  want: Float64Array;
  /** Room left on each sink this step. */
  sinkRoom: Float64Array;
  /** Written by the policy: tonnes to put on each lane / into each sink. */
  laneOut: Float64Array;
  sinkOut: Float64Array;
}

/** An allocation policy: decides who is served when supply is short. */
export interface AllocationPolicy {
  readonly name: string;
  /** Steps of requirement a node keeps before shipping the rest. */
  readonly keepSteps: number;
  /** Splits `amount` t of the source's stock among its open lanes and sinks. */
  allocate(source: Source, sourceIndex: number, amount: number, context: AllocationContext): void;
}
