/**
 * What a coordination dividend answers with, declared once as zod (the type is inferred; the
 * server's answer and the OpenAPI document use the schema).
 */
import { z } from 'zod';

const usd = (description: string) => z.number().meta({ unit: 'USD', description });
const tonnes = (description: string) => z.number().meta({ unit: 't', description });

export const regionAccountSchema = z
  .object({
    cost: usd(
      'own operating, transport of what it buys, sinks and unmet demand, plus what it pays for goods from other regions less what it is paid for goods it sells them',
    ),
    operating: usd('operating cost of its processes'),
    transport: usd('transport of what arrives at its facilities'),
    sinks: usd('storage and disposal less sales on its facilities'),
    unmet: usd("its demands' value of unmet demand"),
    trade: usd('net payments to other regions for goods (negative: it is paid)'),
    outputReo: z
      .record(z.string(), z.number())
      .meta({ unit: 't REO', description: 'REO-equivalent put out, by stage' }),
    served: tonnes('demand at its facilities served (itself or by substitutes)'),
    unmetTonnes: tonnes('demand at its facilities not served'),
    emissions: z.number().meta({
      unit: 'tCO2e',
      description: 'its processes, and the transport of what arrives at its facilities',
    }),
    quotaUse: z
      .record(z.string(), z.number())
      .meta({ unit: 't REO', description: 'output counted against each quota, by quota id' }),
  })
  .meta({ id: 'RegionAccount', description: "a region's share of a plan over the horizon" });
export type RegionAccount = z.infer<typeof regionAccountSchema>;

export const dividendRegionSchema = z
  .object({
    region: z.string(),
    facilities: z.array(z.string()),
    joint: regionAccountSchema,
    decentralised: regionAccountSchema,
    alonePlanned: usd('the cost the region expected when it planned alone, before trade was settled'),
    gain: usd('decentralised cost − joint cost: positive when the region is better off in the joint plan'),
    transfer: usd(
      'side payment that leaves it at least as well off as alone: positive = it receives, negative = it pays',
    ),
  })
  .meta({ id: 'DividendRegion' });
export type DividendRegion = z.infer<typeof dividendRegionSchema>;

export const tradeRowSchema = z
  .object({
    route: z.string(),
    seller: z.string(),
    buyer: z.string(),
    joint: tonnes('carried in the joint plan over the horizon'),
    wanted: tonnes(
      "what the buyer's plan alone brought over this route (its wish at the route's end is filled from the cheapest offers, whichever route they take)",
    ),
    offered: tonnes("the seller's offer at the route's origin (all its buyers share it)"),
    agreed: tonnes(
      "the share of the offers that fills the buyer's wish: the most the decentralised outcome may carry",
    ),
    decentralised: tonnes('carried in the decentralised outcome'),
  })
  .meta({ id: 'DividendTrade' });
export type TradeRow = z.infer<typeof tradeRowSchema>;

const totalsSchema = z.object({
  cost: usd('total cost of the plan (its objective: sales are negative)'),
  emissions: z.number().meta({ unit: 'tCO2e' }),
  unmetTonnes: tonnes('demand not served'),
  outputReo: z.record(z.string(), z.number()).meta({ unit: 't REO', description: 'by stage' }),
  quotaUse: z.record(z.string(), z.number()).meta({ unit: 't REO', description: 'by quota id' }),
  unattributed: usd(
    'costs no region is charged with (holding, tariffs, carbon, capital, fixed opex, substitution)',
  ),
});

export const dividendResultSchema = z
  .object({
    model: z.string(),
    scenario: z.string().exactOptional(),
    basis: z
      .string()
      .meta({ description: 'how facilities are grouped into regions, e.g. jurisdiction level 2' }),
    prices: z.enum(['shadow', 'market']),
    joint: totalsSchema,
    decentralised: totalsSchema,
    dividend: usd('decentralised cost − joint cost; never negative (checked)'),
    regions: z.array(dividendRegionSchema),
    trade: z.array(tradeRowSchema),
    transfersSuffice: z.boolean().meta({
      description: 'true when the gainers can compensate every region that loses in the joint plan',
    }),
    assumptions: z.array(z.string()),
    notes: z.array(z.string()),
    solves: z.number().int(),
  })
  .meta({
    id: 'DividendResult',
    description:
      'the coordination dividend: the model planned jointly and as regions planning alone (docs/coordinate.md)',
  });
export type DividendResult = z.infer<typeof dividendResultSchema>;
