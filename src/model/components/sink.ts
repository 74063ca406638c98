import { z } from 'zod';
import { id, ref } from './common.js';
import { tonnesPerYear, usdPerTonne } from '../units.js';

/**
 * Where surplus goes (sell, store, dispose), so joint production stays feasible and shows the
 * balance problem. Without a node the sink is open at every facility and its limit is shared.
 */
export const sinkSchema = z
  .object({
    id: id('sink id; defaults to kind:material[@node]').optional(),
    node: ref('facility').optional(),
    material: ref('material'),
    kind: z.enum(['sell', 'store', 'dispose']),
    price: usdPerTonne('revenue per tonne sold').default(0),
    cost: usdPerTonne('cost per tonne stored or disposed').default(0),
    limit: tonnesPerYear('most tonnes a year this sink takes').optional(),
  })
  .strict()
  .transform((sink) => ({
    ...sink,
    id: sink.id ?? `${sink.kind}:${sink.material}${sink.node ? `@${sink.node}` : ''}`,
  }))
  .meta({ description: 'A sink for surplus material.' });
export type Sink = z.infer<typeof sinkSchema>;
