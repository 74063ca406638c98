/** What the API reports about the MQTT broker (`GET /v1/telemetry/stats`), declared once as zod. */
import { z } from 'zod';

export const brokerInfoSchema = z
  .object({
    mode: z.enum(['embedded', 'external']),
    url: z.string(),
    connected: z.boolean(),
    messages: z.number().int().meta({ description: 'messages received' }),
    stored: z.number().int(),
    duplicates: z.number().int(),
    rejected: z.number().int(),
    reconnects: z.number().int(),
  })
  .meta({ id: 'BrokerInfo' });
/** What the API reports about the broker. */
export type BrokerInfo = z.infer<typeof brokerInfoSchema>;
