/** Shared field types of the model format: ids, periods, element contents, scopes. */
import { z } from 'zod';
import { ELEMENT_SYMBOLS, ELEMENT_GROUPS } from '../elements.js';
import { STAGES } from '../stages.js';
import { fraction } from '../units.js';

/** An id: letters, digits and `_ . : -`, starting with a letter or digit (no spaces or slashes). */
export const id = (description: string) =>
  z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9_.:@>-]*$/, {
      message: "expected an id of letters, digits and '_ . : @ > -' (no spaces or '/')",
    })
    .meta({ description });

/** A reference to another component's id. */
export const ref = (component: string, description?: string) =>
  z
    .string()
    .min(1)
    .meta({ description: description ?? `id of a ${component}`, ref: component });

/** A calendar month `YYYY-MM`; periods of the horizon are named by the month they start in. */
export const period = (description: string) =>
  z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/, { message: "expected a month written 'YYYY-MM', e.g. '2026-03'" })
    .meta({ description, unit: 'YYYY-MM' });

export { STAGES };
export const stage = z.enum(STAGES).meta({ description: 'stage of the value chain' });
export type Stage = (typeof STAGES)[number];

/** An element symbol or a named group of elements (NdPr, LREE, HREE, SEG, DyTb). */
export const elementName = z
  .string()
  .refine((s) => (ELEMENT_SYMBOLS as readonly string[]).includes(s) || s in ELEMENT_GROUPS, {
    message: `expected an element symbol (${ELEMENT_SYMBOLS.join(', ')}) or a group (${Object.keys(ELEMENT_GROUPS).join(', ')})`,
  })
  .meta({ description: 'element symbol, e.g. Nd, or group, e.g. NdPr' });

/** A list of elements or groups. */
export const elementList = z.array(elementName);

/** Element content: t REO-equivalent of each element per unit of material. */
export const elementContent = z
  .record(z.string(), fraction('t REO-equivalent of this element per unit'))
  .superRefine((record, ctx) => {
    for (const key of Object.keys(record)) {
      if (!(ELEMENT_SYMBOLS as readonly string[]).includes(key)) {
        ctx.addIssue({
          code: 'custom',
          path: [key],
          message: `unknown element '${key}'; expected one of ${ELEMENT_SYMBOLS.join(', ')}`,
          params: { reeflow: 'ELEMENT_UNKNOWN' },
        });
      }
    }
  })
  .meta({ description: 'element content, t REO-equivalent per unit of material, keyed by element symbol' });

/** Who and what a policy applies to; every field given narrows it. */
export const scope = z
  .object({
    jurisdiction: ref(
      'jurisdiction',
      'facilities in this jurisdiction or any jurisdiction inside it',
    ).optional(),
    operator: z.string().optional().meta({ description: 'facilities run by this operator' }),
    stage: stage.optional(),
    facilities: z.array(ref('facility')).optional().meta({ description: 'these facilities only' }),
  })
  .strict()
  .meta({ description: 'which facilities a policy applies to' });
export type Scope = z.infer<typeof scope>;
