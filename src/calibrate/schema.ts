/**
 * The calibration file (`calibration.yaml` beside a model): published figures, each with its
 * source, a tolerance and what to compute from the model's baseline plan to compare with it.
 */
import { z } from 'zod';
import { elementName, MATERIAL_KINDS, stage } from '../model/index.js';

/** A reeflow issue code on a custom zod issue (the loader's zod mapping reads `params.reeflow`). */
const coded = (code: string) => ({ params: { reeflow: code } });

const elements = z.array(elementName).min(1).meta({
  description: 'elements or groups counted (e.g. [Dy], [NdPr]); every element (t REO) when omitted',
});
const materialKinds = z.array(z.enum(MATERIAL_KINDS)).min(1).meta({
  description: 'only outputs of these material kinds, e.g. [magnet] for finished magnets (not scrap)',
});
const basis = z
  .enum(['reo', 'tonnes'])
  .default('reo')
  .meta({ description: 'measure in t REO of the elements (reo) or in t of material (tonnes)' });
const holderKind = z
  .enum(['country', 'jurisdiction', 'operator'])
  .default('country')
  .meta({ description: 'who holds a share: the facility’s country, its own jurisdiction, or its operator' });

/** What is measured of a stage's output: the stage, the elements, the material kinds, the unit. */
const output = { stage, elements: elements.optional(), materialKinds: materialKinds.optional(), basis };

const shareCompute = z
  .object({ kind: z.literal('share'), ...output, by: holderKind, holder: z.string().min(1) })
  .strict()
  .meta({ description: 'the holder’s share of the stage’s output, %' });
const hhiCompute = z
  .object({ kind: z.literal('hhi'), ...output, by: holderKind })
  .strict()
  .meta({ description: 'Herfindahl–Hirschman index of the stage’s output by holder, 0–10,000' });
const tonnageCompute = z
  .object({
    kind: z.literal('tonnage'),
    ...output,
    country: z.string().min(1).optional(),
    operator: z.string().min(1).optional(),
    facility: z.string().min(1).optional(),
  })
  .strict()
  .meta({ description: 'output of the stage (in a country, of an operator or a facility), t a year' });
const compositionCompute = z
  .object({
    kind: z.literal('composition'),
    stage,
    elements,
    country: z.string().min(1).optional(),
    facility: z.string().min(1).optional(),
    materialKinds: materialKinds.optional(),
  })
  .strict()
  .meta({ description: 'the elements’ part of the REO of the stage’s output, %' });
const importRelianceCompute = z
  .object({
    kind: z.literal('import-reliance'),
    jurisdiction: z.string().min(1),
    materialKind: z.enum(MATERIAL_KINDS).optional(),
    materials: z.array(z.string().min(1)).min(1).optional(),
  })
  .strict()
  .meta({
    description:
      'USGS net import reliance of the jurisdiction (t REO by material kind, or t of the materials), %; 0 for a net exporter',
  });
const priceCompute = z
  .object({ kind: z.literal('price'), material: z.string().min(1) })
  .strict()
  .meta({ description: 'the material’s price in the model, USD/t' });
const quotaCompute = z
  .object({ kind: z.literal('quota'), policy: z.string().min(1), scenario: z.string().min(1).optional() })
  .strict()
  .meta({ description: 'a quota policy’s limit (in the baseline, or in a scenario), t REO a year' });
const exportControlCompute = z
  .object({
    kind: z.literal('export-control'),
    policy: z.string().min(1),
    scenario: z.string().min(1).optional(),
  })
  .strict()
  .meta({ description: 'the element list of an export-control policy (in the baseline, or in a scenario)' });
const tradeFlowCompute = z
  .object({
    kind: z.literal('trade-flow'),
    from: z.string().min(1),
    to: z.string().min(1).optional(),
    elements: elements.optional(),
    materialKinds: materialKinds.optional(),
    materials: z.array(z.string().min(1)).min(1).optional(),
    basis,
  })
  .strict()
  .meta({
    description:
      'shipments from one country to another (to any other country when `to` is omitted), t a year',
  });
const endUseCompute = z
  .object({
    kind: z.literal('end-use-share'),
    sectors: z
      .array(z.string().min(1))
      .min(1)
      .meta({ description: 'demand sectors counted together, e.g. [NEV, wind, air-conditioning, other]' }),
    elements: elements.optional(),
    materials: z.array(z.string().min(1)).min(1).optional(),
  })
  .strict()
  .meta({ description: 'the sectors’ part of the demand for the elements (t REO) or materials (t), %' });

export const computeSchema = z.discriminatedUnion('kind', [
  shareCompute,
  hhiCompute,
  tonnageCompute,
  compositionCompute,
  importRelianceCompute,
  priceCompute,
  quotaCompute,
  exportControlCompute,
  tradeFlowCompute,
  endUseCompute,
]);
export type Compute = z.infer<typeof computeSchema>;
export type ComputeKind = Compute['kind'];

const toleranceSchema = z
  .object({
    points: z
      .number()
      .nonnegative()
      .optional()
      .meta({ description: 'absolute, in the figure’s unit (percentage points for %)' }),
    percent: z.number().nonnegative().optional().meta({ description: 'relative, % of the published value' }),
  })
  .strict()
  .refine((t) => (t.points === undefined) !== (t.percent === undefined), {
    message: 'give exactly one of points (absolute) or percent (relative)',
    ...coded('CALIBRATION_TOLERANCE_FORM'),
  });
export type Tolerance = z.infer<typeof toleranceSchema>;

export const figureSchema = z
  .object({
    id: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]*$/, { message: 'expected an id of letters, digits and _ . : -' })
      .meta({ description: 'figure id, unique in the file' }),
    label: z
      .string()
      .min(1)
      .meta({ description: 'what the figure is, as published (year, scope, derivation)' }),
    published: z
      .union([z.number(), z.array(elementName).min(1)])
      .meta({ description: 'the published value, or the published element list for export-control' }),
    unit: z.string().min(1).meta({ description: "e.g. '%', 't REO/yr', 'USD/t', 'HHI', 'elements'" }),
    tolerance: toleranceSchema
      .optional()
      .meta({ description: '{points: n} absolute (percentage points for %) or {percent: n} relative' }),
    comparison: z
      .enum(['within', 'at-least', 'at-most'])
      .default('within')
      .meta({ description: 'within the tolerance of the published value, or a published bound (">95%")' }),
    source: z.string().min(1).meta({ description: 'source id, e.g. USGS_MCS2026 (data/SOURCES.md)' }),
    year: z.union([z.string(), z.number()]).optional().meta({ description: 'the year the figure is for' }),
    compute: computeSchema.meta({ description: 'what to compute from the model and its plan (kinds below)' }),
    departure: z
      .string()
      .min(1)
      .optional()
      .meta({ description: 'why the model deliberately departs: printed, not failed' }),
    note: z.string().optional().meta({ description: 'anything a reader should know; printed in the report' }),
  })
  .strict()
  .superRefine((figure, ctx) => {
    const isList = figure.compute.kind === 'export-control';
    if (isList !== Array.isArray(figure.published))
      ctx.addIssue({
        code: 'custom',
        path: ['published'],
        message: isList ? 'an export-control figure publishes a list of elements' : 'a number is expected',
        ...coded('CALIBRATION_PUBLISHED_TYPE'),
      });
    if (!isList && figure.comparison === 'within' && figure.tolerance === undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['tolerance'],
        message: 'missing: write {points: n} (absolute, e.g. percentage points) or {percent: n} (relative)',
        ...coded('CALIBRATION_TOLERANCE_MISSING'),
      });
  });
export type Figure = z.infer<typeof figureSchema>;

export const calibrationFileSchema = z
  .object({
    model: z.string().optional().meta({ description: 'the model this table calibrates (informational)' }),
    description: z.string().optional(),
    figures: z.array(figureSchema).min(1),
  })
  .strict()
  .superRefine((file, ctx) => {
    const seen = new Set<string>();
    file.figures.forEach((figure, index) => {
      if (seen.has(figure.id))
        ctx.addIssue({
          code: 'custom',
          path: ['figures', index, 'id'],
          message: `figure id '${figure.id}' is used twice`,
          ...coded('CALIBRATION_DUPLICATE_ID'),
        });
      seen.add(figure.id);
    });
  });
export type CalibrationFile = z.infer<typeof calibrationFileSchema>;
