/**
 * Reads the shape of the zod schemas, so table columns, cell types and "did you mean" candidates
 * come from the one declaration of each component (STYLE.md habit 1) instead of a second list.
 */
import type { z } from 'zod';
import type { IssuePath } from '../issues.js';

/** How a table cell is read: the scalar kinds, `;`-separated lists, or YAML/JSON text for nested values. */
export type CellKind = 'number' | 'text' | 'quantity' | 'boolean' | 'list' | 'text-or-list' | 'structured';

interface Def {
  type: string;
  shape?: Record<string, z.ZodType>;
  innerType?: z.ZodType;
  in?: z.ZodType;
  options?: z.ZodType[];
  discriminator?: string;
  valueType?: z.ZodType;
  element?: z.ZodType;
  items?: z.ZodType[];
  values?: unknown[];
}

const WRAPPERS = new Set(['optional', 'default', 'prefault', 'nullable', 'readonly', 'catch', 'nonoptional']);

function defOf(schema: z.ZodType): Def {
  return (schema as unknown as { _zod: { def: Def } })._zod.def;
}

/** The structural schema under optional/default/pipe wrappers. */
export function unwrapSchema(schema: z.ZodType): z.ZodType {
  let current = schema;
  for (;;) {
    const def = defOf(current);
    const next = WRAPPERS.has(def.type) ? def.innerType : def.type === 'pipe' ? def.in : undefined;
    if (next === undefined) return current;
    current = next;
  }
}

/** The structural type name of a schema: object, record, array, tuple, union, string, number… */
export function typeOf(schema: z.ZodType): string {
  return defOf(unwrapSchema(schema)).type;
}

/** True when a field may be left out (it is optional or has a default). */
export function isOptionalField(schema: z.ZodType): boolean {
  const type = defOf(schema).type;
  if (type === 'optional' || type === 'default' || type === 'prefault') return true;
  const def = defOf(schema);
  return type === 'pipe' && def.in !== undefined && isOptionalField(def.in);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The options of a union that fit a value: the one its discriminator names, else all of them. */
function unionOptions(def: Def, value: unknown): z.ZodType[] {
  const options = def.options ?? [];
  if (def.discriminator === undefined || !isPlainObject(value)) return options;
  const key = def.discriminator;
  const tag = value[key];
  const match = options.find((option) => literalValues(objectShape(option)?.[key]).includes(tag));
  return match ? [match] : options;
}

function literalValues(schema: z.ZodType | undefined): unknown[] {
  return schema ? (defOf(unwrapSchema(schema)).values ?? []) : [];
}

function objectShape(schema: z.ZodType): Record<string, z.ZodType> | undefined {
  const def = defOf(unwrapSchema(schema));
  return def.type === 'object' ? def.shape : undefined;
}

/** The schema of one child (`key`) of a value described by `schema`; undefined when there is none. */
export function childSchema(schema: z.ZodType, key: string | number, value?: unknown): z.ZodType | undefined {
  const def = defOf(unwrapSchema(schema));
  switch (def.type) {
    case 'object':
      return typeof key === 'string' && def.shape && Object.hasOwn(def.shape, key)
        ? def.shape[key]
        : undefined;
    case 'record':
      return def.valueType;
    case 'array':
      return def.element;
    case 'tuple':
      return typeof key === 'number' ? def.items?.[key] : undefined;
    case 'union':
      for (const option of unionOptions(def, value)) {
        const child = childSchema(option, key, value);
        if (child) return child;
      }
      return undefined;
    default:
      return undefined;
  }
}

/** The schema at `path` inside `root`, guided by the input value (for discriminated unions). */
export function schemaAt(root: z.ZodType, path: IssuePath, input: unknown): z.ZodType | undefined {
  let schema: z.ZodType | undefined = root;
  let value = input;
  for (const key of path) {
    if (schema === undefined) return undefined;
    schema = childSchema(schema, key, value);
    value =
      isPlainObject(value) || Array.isArray(value)
        ? (value as Record<string | number, unknown>)[key]
        : undefined;
  }
  return schema;
}

/** The field names an object schema (or every option of a union of objects) accepts. */
export function fieldNames(schema: z.ZodType, value?: unknown): string[] {
  const def = defOf(unwrapSchema(schema));
  if (def.type === 'object') return Object.keys(def.shape ?? {});
  if (def.type !== 'union') return [];
  return [...new Set(unionOptions(def, value).flatMap((option) => fieldNames(option, value)))];
}

/** The fields of an object schema that must be given. */
export function requiredFieldNames(schema: z.ZodType): string[] {
  const shape = objectShape(schema);
  if (!shape) return [];
  return Object.entries(shape)
    .filter(([, field]) => !isOptionalField(field))
    .map(([name]) => name);
}

function scalarKind(type: string, def: Def): CellKind | undefined {
  if (type === 'number' || type === 'int') return 'number';
  if (type === 'string' || type === 'enum') return 'text';
  if (type === 'boolean') return 'boolean';
  if (type === 'literal')
    return typeof def.values?.[0] === 'number'
      ? 'number'
      : typeof def.values?.[0] === 'boolean'
        ? 'boolean'
        : 'text';
  return undefined;
}

/** How a cell holding a whole value of this schema is read. */
export function cellKindOf(schema: z.ZodType): CellKind {
  const def = defOf(unwrapSchema(schema));
  const scalar = scalarKind(def.type, def);
  if (scalar) return scalar;
  if (def.type === 'array' && def.element) {
    const item = cellKindOf(def.element);
    return item === 'number' || item === 'text' || item === 'quantity' ? 'list' : 'structured';
  }
  if (def.type !== 'union') return 'structured';
  const kinds = new Set((def.options ?? []).map(cellKindOf));
  if (kinds.size === 2 && kinds.has('number') && kinds.has('text')) return 'quantity';
  if (kinds.size === 2 && kinds.has('text') && kinds.has('list')) return 'text-or-list';
  return kinds.size === 1 ? ([...kinds][0] ?? 'structured') : 'structured';
}

/** The kind of the items of a list schema (`number` for a profile, `text` for ids). */
export function listItemKind(schema: z.ZodType): CellKind {
  const def = defOf(unwrapSchema(schema));
  if (def.type === 'array' && def.element) return cellKindOf(def.element);
  const list = (def.options ?? []).find((option) => typeOf(option) === 'array');
  return list ? listItemKind(list) : 'text';
}

/** True for schemas whose children are addressed by name (object) or any key (record). */
export function isKeyed(schema: z.ZodType): 'object' | 'record' | 'index' | undefined {
  const type = typeOf(schema);
  if (type === 'object') return 'object';
  if (type === 'record') return 'record';
  if (type === 'tuple') return 'index';
  return undefined;
}

/** The discriminator field of a discriminated union (`kind` for policies), else undefined. */
export function discriminatorOf(schema: z.ZodType): string | undefined {
  const def = defOf(unwrapSchema(schema));
  return def.type === 'union' ? def.discriminator : undefined;
}

/** The option of a discriminated union a value selects (a quota policy for `{ kind: quota }`), else the schema itself. */
export function narrowSchema(schema: z.ZodType, value: unknown): z.ZodType {
  const def = defOf(unwrapSchema(schema));
  if (def.type !== 'union' || def.discriminator === undefined) return schema;
  const options = unionOptions(def, value);
  return options.length === 1 && options[0] ? options[0] : schema;
}
