/**
 * A fast acceptance path compiled from a zod schema, for the hot loop of ingestion. It reads the
 * schema's own definition (objects, strings with length limits and refinements, numbers with
 * bounds and integer formats, literals, enums, optionals, defaults, unions, discriminated unions),
 * so the zod declaration stays the one source of truth; a node or check it does not know is handed
 * to zod itself. It answers only "accepted, with this output" or "not sure" (`NOT_ACCEPTED`): the
 * caller then parses with zod, which finds the issues that the coded errors are built from. A
 * property test checks that it accepts exactly what zod accepts and outputs the same value.
 */
import type { z } from 'zod';

/** What a compiled node answers when it does not accept the value (zod then says why). */
export const NOT_ACCEPTED: unique symbol = Symbol('not accepted');
type Fast = (value: unknown) => unknown;
type Def = { type: string; checks?: unknown[] } & Record<string, unknown>;
/** Set while parsing when the output stops being the input as JSON data: a default added, a value transformed. */
interface Changes {
  changed: boolean;
}

const defOf = (schema: unknown): Def => (schema as { _zod: { def: Def } })._zod.def;

/** Delegates a node to zod: right for anything, and only as fast as zod. An output that is not the input itself counts as a change. */
function delegate(schema: unknown, changes: Changes): Fast {
  const parser = schema as z.ZodType;
  return (value) => {
    const result = parser.safeParse(value);
    if (!result.success) return NOT_ACCEPTED;
    if (result.data !== value) changes.changed = true;
    return result.data;
  };
}

/** One check of a string or number as a predicate; undefined when it is not one this file knows. */
function toPredicate(check: unknown): ((value: never) => boolean) | undefined {
  const def = defOf(check) as Def & {
    check?: string;
    minimum?: number;
    maximum?: number;
    value?: number;
    inclusive?: boolean;
    format?: string;
    fn?: (value: unknown) => unknown;
  };
  const { minimum = 0, maximum = 0, value: bound = 0, fn } = def;
  switch (def.check) {
    case 'min_length':
      return (text: string) => text.length >= minimum;
    case 'max_length':
      return (text: string) => text.length <= maximum;
    case 'greater_than':
      return def.inclusive === true ? (n: number) => n >= bound : (n: number) => n > bound;
    case 'less_than':
      return def.inclusive === true ? (n: number) => n <= bound : (n: number) => n < bound;
    case 'number_format':
      return def.format === 'safeint' ? (n: number) => Number.isSafeInteger(n) : undefined;
    case 'custom':
      // A refinement passes when it returns true; anything else (false, a promise) is zod's to judge.
      return fn === undefined ? undefined : (value: unknown) => fn(value) === true;
    default:
      return undefined;
  }
}

/** A primitive node: its type test, then every check; a check this file does not know sends the node to zod. */
function compilePrimitive(schema: unknown, isType: (value: unknown) => boolean, changes: Changes): Fast {
  const predicates = (defOf(schema).checks ?? []).map(toPredicate);
  if (predicates.some((p) => p === undefined)) return delegate(schema, changes);
  const checks = predicates as ((value: unknown) => boolean)[];
  return (value) => {
    if (!isType(value)) return NOT_ACCEPTED;
    for (const check of checks) if (!check(value)) return NOT_ACCEPTED;
    return value;
  };
}

/**
 * An object node as generated code, so the output object is built field by field in the schema's
 * order with one shape (what zod outputs), and unknown keys of a strict object are refused.
 */
function compileObject(schema: unknown, changes: Changes): Fast {
  const def = defOf(schema);
  const catchall = def['catchall'] === undefined ? undefined : defOf(def['catchall']).type;
  if ((catchall !== undefined && catchall !== 'never') || (def.checks ?? []).length > 0)
    return delegate(schema, changes);
  const shape = def['shape'] as Record<string, unknown>;
  const keys = Object.keys(shape);
  const parsers: Fast[] = [];
  const defaults: (() => unknown)[] = [];
  const lines: string[] = [
    "if (typeof input !== 'object' || input === null || Array.isArray(input)) return NA;",
  ];
  lines.push('const out = {};', 'let value;', 'let present = 0;');
  keys.forEach((key, i) => {
    const node = defOf(shape[key]);
    const presence = node.type === 'optional' ? 'optional' : node.type === 'default' ? 'default' : 'required';
    parsers.push(compile(presence === 'required' ? shape[key] : node['innerType'], changes));
    defaults.push(() => node['defaultValue']);
    const field = JSON.stringify(key);
    const absent =
      presence === 'required'
        ? 'return NA;'
        : presence === 'default'
          ? `out[${field}] = defaults[${i}](); changes.changed = true;`
          : '';
    lines.push(
      `value = input[${field}];`,
      `if (value === undefined) { ${absent} } else { present += 1; value = parsers[${i}](value); if (value === NA) return NA; out[${field}] = value; }`,
    );
  });
  // As many keys as known fields found, or there are others: a strict object refuses them (a known
  // key holding undefined counts as another; zod then decides); a stripping one drops them, so its
  // output is no longer its input. Counting is cheaper than a lookup per key.
  lines.push('let keys = 0;', 'for (const key in input) keys += 1;');
  lines.push(
    catchall === 'never'
      ? 'if (keys !== present) return NA;'
      : 'if (keys !== present) changes.changed = true;',
  );
  lines.push('return out;');
  // The code is built from the schema's keys (JSON-quoted), never from input.
  const build = new Function(
    'NA',
    'parsers',
    'defaults',
    'changes',
    `return (input) => { ${lines.join('\n')} };`,
  ) as (na: symbol, parsers: Fast[], defaults: (() => unknown)[], changes: Changes) => Fast;
  return build(NOT_ACCEPTED, parsers, defaults, changes);
}

function compileUnion(schema: unknown, changes: Changes): Fast {
  const def = defOf(schema);
  const options = def['options'] as unknown[];
  if ((def.checks ?? []).length > 0) return delegate(schema, changes);
  const key = def['discriminator'] as string | undefined;
  if (key === undefined) {
    const parsers = options.map((option) => compile(option, changes));
    return (value) => {
      for (const parse of parsers) {
        const out = parse(value);
        if (out !== NOT_ACCEPTED) return out;
      }
      return NOT_ACCEPTED;
    };
  }
  const byValue = new Map<unknown, Fast>();
  for (const option of options) {
    const shape = defOf(option)['shape'] as Record<string, unknown> | undefined;
    const tag = shape?.[key] === undefined ? undefined : defOf(shape[key]);
    if (tag?.type !== 'literal') return delegate(schema, changes);
    for (const value of tag['values'] as unknown[]) byValue.set(value, compile(option, changes));
  }
  return (value) => {
    if (typeof value !== 'object' || value === null) return NOT_ACCEPTED;
    const parse = byValue.get((value as Record<string, unknown>)[key]);
    return parse === undefined ? NOT_ACCEPTED : parse(value);
  };
}

function compile(schema: unknown, changes: Changes): Fast {
  const def = defOf(schema);
  switch (def.type) {
    case 'object':
      return compileObject(schema, changes);
    case 'union':
      return compileUnion(schema, changes);
    case 'string':
      return def['format'] !== undefined || def['coerce'] === true
        ? delegate(schema, changes)
        : compilePrimitive(schema, (value) => typeof value === 'string', changes);
    case 'number':
      return def['format'] !== undefined || def['coerce'] === true
        ? delegate(schema, changes)
        : compilePrimitive(schema, (value) => typeof value === 'number' && Number.isFinite(value), changes);
    case 'literal': {
      const values = new Set(def['values'] as unknown[]);
      return compilePrimitive(schema, (value) => values.has(value), changes);
    }
    case 'enum': {
      const values = new Set(Object.values(def['entries'] as Record<string, unknown>));
      return compilePrimitive(schema, (value) => values.has(value), changes);
    }
    default:
      return delegate(schema, changes);
  }
}

/** A compiled fast path: zod's output when zod would accept the value, else `NOT_ACCEPTED`. */
export interface FastParser<T> {
  (value: unknown): T | typeof NOT_ACCEPTED;
  /**
   * After a value was accepted: true when the output is the input as JSON data, the same keys with
   * the same values (objects rebuilt, nothing added by a default, nothing transformed). Then the
   * JSON text the input came from also describes the output.
   */
  readonly verbatim: boolean;
}

/**
 * Compiles the fast path of a schema: `parse(value)` is zod's output when zod would accept the
 * value, else `NOT_ACCEPTED` (then parse with zod to learn why); `parse.verbatim` says whether the
 * last accepted output is its input unchanged.
 *
 * @example const fast = compileFastParse(eventSchema); const out = fast(raw); if (out === NOT_ACCEPTED) eventSchema.safeParse(raw)
 */
export function compileFastParse<S extends z.ZodType>(schema: S): FastParser<z.output<S>> {
  const changes: Changes = { changed: false };
  const parse = compile(schema, changes);
  const fast = (value: unknown): unknown => {
    changes.changed = false;
    return parse(value);
  };
  Object.defineProperty(fast, 'verbatim', { get: () => !changes.changed });
  return fast as FastParser<z.output<S>>;
}
