import { z } from 'zod';
import { id, ref, period, scope, elementList, stage } from './common.js';
import { MATERIAL_KINDS } from './material.js';
import { days, fraction, tonnesPerYear, usd, usdPerTonne } from '../units.js';

const validity = {
  start: period('first period it applies; from the start of the horizon when omitted').optional(),
  end: period('last period it applies; to the end of the horizon when omitted').optional(),
  name: z.string().optional(),
  description: z.string().optional(),
};

/** A production quota in t REO/yr over a group of facilities (China's mining and separation quotas). */
export const quotaPolicy = z
  .object({
    id: id('policy id'),
    kind: z.literal('quota'),
    scope,
    limit: tonnesPerYear('t REO a year the processes in scope may output'),
    ...validity,
  })
  .strict();

/**
 * An export control: a ban, a cap or a licence regime on flows out of a jurisdiction of materials
 * that contain the listed elements.
 */
export const exportControlPolicy = z
  .object({
    id: id('policy id'),
    kind: z.literal('export-control'),
    from: z.string().min(1).meta({
      description: 'the exporting jurisdiction, or a bloc (flows from its members to non-members)',
    }),
    to: z
      .array(ref('jurisdiction'))
      .optional()
      .meta({ description: 'only flows to these; all destinations when omitted' }),
    exempt: z.array(ref('jurisdiction')).default([]).meta({ description: 'destinations not covered' }),
    elements: elementList.meta({ description: 'a material is covered when it contains any of these' }),
    materials: z
      .array(z.string())
      .optional()
      .meta({
        description: `material ids or kinds (${MATERIAL_KINDS.join(', ')}) covered; all when omitted`,
      }),
    mode: z.enum(['ban', 'cap', 'license']),
    cap: tonnesPerYear('t REO of the listed elements a year, for mode cap').optional(),
    licenseDelay: days('average time to obtain a licence, for mode license').optional(),
    approvalProbability: fraction('chance a licence is granted, for mode license').optional(),
    ...validity,
  })
  .strict();

/** A share cap: at most `maxShare` of a consumer's supply of the elements passes through a jurisdiction. */
export const shareCapPolicy = z
  .object({
    id: id('policy id'),
    kind: z.literal('share-cap'),
    consumer: z
      .object({
        jurisdiction: ref('jurisdiction').optional(),
        demands: z.array(ref('demand')).optional(),
      })
      .strict()
      .meta({ description: 'the consumer: demands at facilities in a jurisdiction, or listed demands' }),
    through: z.string().min(1).meta({ description: 'the jurisdiction (or bloc) whose share is capped' }),
    stage: stage
      .optional()
      .meta({ description: 'the stage counted; the last processing stage before the consumer when omitted' }),
    elements: elementList,
    maxShare: fraction('largest share allowed'),
    ...validity,
  })
  .strict();

/** A cap on emissions of the facilities (and routes starting at them) in scope. */
export const emissionCapPolicy = z
  .object({
    id: id('policy id'),
    kind: z.literal('emission-cap'),
    scope: scope.default({}),
    limit: z.number().min(0).meta({ unit: 'tCO2e/yr', description: 'most emissions a year' }),
    ...validity,
  })
  .strict();

/** A tariff on flows into a jurisdiction. */
export const tariffPolicy = z
  .object({
    id: id('policy id'),
    kind: z.literal('tariff'),
    from: ref('jurisdiction').optional(),
    to: ref('jurisdiction', 'the importing jurisdiction'),
    materials: z.array(z.string()).optional(),
    elements: elementList.optional(),
    rate: fraction('ad-valorem rate on the material price').default(0),
    perTonne: usdPerTonne('specific duty per tonne').default(0),
    ...validity,
  })
  .strict();

/** A carbon price applied to emissions in scope. */
export const carbonPricePolicy = z
  .object({
    id: id('policy id'),
    kind: z.literal('carbon-price'),
    scope: scope.default({}),
    price: usdPerTonne('USD per tCO2e').meta({ unit: 'USD/tCO2e' }),
    ...validity,
  })
  .strict();

/** A capital budget for projects, per year, optionally per funder. */
export const budgetPolicy = z
  .object({
    id: id('policy id'),
    kind: z.literal('budget'),
    funder: z
      .string()
      .optional()
      .meta({ description: 'only projects this funder finances; all when omitted' }),
    projects: z.array(ref('project')).optional().meta({
      description: 'only these projects (e.g. the optional ones a programme decides on); all when omitted',
    }),
    limit: usd('most capital spent a year'),
    ...validity,
  })
  .strict();

/**
 * An allied supply agreement (offtake): at least `share` of what a producer (a facility, or the
 * facilities in a jurisdiction) makes of the covered materials each period is shipped to
 * facilities of a bloc's members (or of listed jurisdictions).
 */
export const offtakePolicy = z
  .object({
    id: id('policy id'),
    kind: z.literal('offtake'),
    from: z.string().min(1).meta({ description: 'the producer: a facility id or a jurisdiction id' }),
    to: z
      .string()
      .meta({ description: 'who the share is reserved for: a bloc (EU, G7, Quad, MSP) or a jurisdiction' }),
    materials: z
      .array(z.string())
      .optional()
      .meta({
        description: `material ids or kinds (${MATERIAL_KINDS.join(', ')}) covered; all when omitted`,
      }),
    elements: elementList
      .optional()
      .meta({ description: 'a material is covered when it contains any of these; all when omitted' }),
    share: fraction('share of the producer’s output of the covered materials reserved, per period'),
    ...validity,
  })
  .strict();

/** Policies are objects: one declaration drives plan constraints, simulation events and risk exposure. */
export const policySchema = z
  .discriminatedUnion('kind', [
    quotaPolicy,
    exportControlPolicy,
    shareCapPolicy,
    emissionCapPolicy,
    tariffPolicy,
    carbonPricePolicy,
    budgetPolicy,
    offtakePolicy,
  ])
  .meta({
    description:
      'A policy: quota, export control, share cap, emission cap, tariff, carbon price, budget or offtake.',
  });
export type Policy = z.infer<typeof policySchema>;
export type QuotaPolicy = z.infer<typeof quotaPolicy>;
export type ExportControlPolicy = z.infer<typeof exportControlPolicy>;
export type ShareCapPolicy = z.infer<typeof shareCapPolicy>;
export type EmissionCapPolicy = z.infer<typeof emissionCapPolicy>;
export type OfftakePolicy = z.infer<typeof offtakePolicy>;
