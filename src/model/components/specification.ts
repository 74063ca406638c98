import { z } from 'zod';
import { id, ref } from './common.js';

const analyteLimit = z
  .object({
    analyte: z.string().min(1).meta({ description: "what is measured, e.g. 'TREO', 'Pr6O11/TREO', 'Fe2O3'" }),
    unit: z
      .string()
      .default('%')
      .meta({ description: "unit the limits and assays are in, e.g. '%' or 'ppm'" }),
    min: z.number().optional().meta({ description: 'lower specification limit (LSL)' }),
    max: z.number().optional().meta({ description: 'upper specification limit (USL)' }),
    target: z.number().optional().meta({ description: 'nominal value, when the specification has one' }),
  })
  .strict();

/**
 * A unified quality standard for a material: limits per analyte, shared by every facility that
 * makes it, so assays from any plant are judged the same way (SPC capability uses min/max as LSL/USL).
 */
export const specificationSchema = z
  .object({
    id: id('specification id'),
    material: ref('material'),
    standard: z
      .string()
      .optional()
      .meta({ description: 'the standard it follows, e.g. a GB/T number or a customer grade' }),
    analytes: z.array(analyteLimit).min(1),
    description: z.string().optional(),
  })
  .strict()
  .meta({ description: 'A quality specification: limits per analyte for one material.' });
export type Specification = z.infer<typeof specificationSchema>;
export type AnalyteLimit = z.infer<typeof analyteLimit>;
