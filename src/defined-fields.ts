/**
 * Optional fields without the `...(x === undefined ? {} : { x })` spread: under
 * `exactOptionalPropertyTypes` an optional field may be absent but not `undefined`, so objects
 * built from maybe-undefined values keep only the defined ones.
 */

/** `T` with every field that may be undefined made optional and never undefined. */
export type DefinedFields<T> = {
  [K in keyof T as undefined extends T[K] ? never : K]: T[K];
} & {
  [K in keyof T as undefined extends T[K] ? K : never]?: Exclude<T[K], undefined>;
};

/**
 * The fields of `fields` whose value is not undefined.
 *
 * @example { name, ...definedFields({ facility, limit }) } // facility and limit only when given
 */
export function definedFields<T extends object>(fields: T): DefinedFields<T> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) if (value !== undefined) out[key] = value;
  return out as DefinedFields<T>;
}
