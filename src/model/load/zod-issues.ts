/**
 * Zod issues → reeflow issues: a stable code, the path, what was found and what was expected,
 * and a fix (with "did you mean" for misspelt field names and options). Custom issues raised by
 * units.ts carry their code in `params.reeflow`.
 */
import type { z } from 'zod';
import type { Issue, IssuePath } from '../issues.js';
import { modelSchema } from '../model.js';
import { suggest, toDidYouMean } from '../suggest.js';
import { createLoadIssue, describeValue } from './load-issue.js';
import { fieldNames, schemaAt } from './schema-walk.js';

type ZodIssue = z.core.$ZodIssue;

/** The input value at a path, or undefined when any step is missing. */
export function valueAt(input: unknown, path: IssuePath): unknown {
  let value = input;
  for (const key of path) {
    if (typeof value !== 'object' || value === null || !Object.hasOwn(value, key)) return undefined;
    value = (value as Record<string | number, unknown>)[key];
  }
  return value;
}

function fieldLabel(path: IssuePath): string {
  const last = path[path.length - 1];
  return last === undefined ? 'the model' : typeof last === 'number' ? `item ${last}` : `'${last}'`;
}

const TYPE_NAMES: Record<string, string> = {
  object: 'a mapping of fields',
  array: 'a list',
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  record: 'a mapping',
  tuple: 'a list',
};

function expectedName(expected: string): string {
  return TYPE_NAMES[expected] ?? expected;
}

function fromInvalidType(path: IssuePath, expected: string[], input: unknown): Issue {
  const found = valueAt(input, path);
  const want = expected.map(expectedName).join(' or ');
  if (found === undefined && path.length > 0) {
    return createLoadIssue(
      'SCHEMA_MISSING_FIELD',
      `missing required field ${fieldLabel(path)}; expected ${want}`,
      { path, fix: `add ${fieldLabel(path)}` },
    );
  }
  return createLoadIssue(
    'SCHEMA_INVALID_TYPE',
    `${fieldLabel(path)} must be ${want}; found ${describeValue(found)}`,
    { path, fix: `write ${want} here` },
  );
}

function fromUnknownKeys(path: IssuePath, keys: readonly string[], input: unknown, root: z.ZodType): Issue[] {
  const schema = schemaAt(root, path, input);
  const known = schema ? fieldNames(schema, valueAt(input, path)) : [];
  return keys.map((key) => {
    const best = suggest(key, known);
    const fix = best ? `did you mean '${best}'?` : `remove it; known fields: ${known.join(', ')}`;
    return createLoadIssue('SCHEMA_UNKNOWN_FIELD', `unknown field '${key}'`, { path: [...path, key], fix });
  });
}

function fromInvalidValue(path: IssuePath, values: readonly unknown[], input: unknown): Issue {
  const found = valueAt(input, path);
  const options = values.map((v) => `'${String(v)}'`).join(', ');
  const fix =
    typeof found === 'string' ? toDidYouMean(found, values.map(String), 'values') : `write one of ${options}`;
  if (found === undefined)
    return createLoadIssue(
      'SCHEMA_MISSING_FIELD',
      `missing required field ${fieldLabel(path)}; expected one of ${options}`,
      { path, fix: `add ${fieldLabel(path)}` },
    );
  return createLoadIssue(
    'SCHEMA_INVALID_VALUE',
    `${fieldLabel(path)} must be one of ${options}; found ${describeValue(found)}`,
    { path, fix },
  );
}

function fromRange(
  issue: ZodIssue & { code: 'too_small' | 'too_big' },
  path: IssuePath,
  input: unknown,
): Issue {
  const bound = issue.code === 'too_small' ? issue.minimum : issue.maximum;
  const inclusive = issue.inclusive !== false;
  const word =
    issue.code === 'too_small' ? (inclusive ? 'at least' : 'more than') : inclusive ? 'at most' : 'less than';
  const found = valueAt(input, path);
  const what = issue.origin === 'string' ? ` characters` : issue.origin === 'array' ? ' items' : '';
  const size = typeof found === 'string' || Array.isArray(found) ? ` (${found.length}${what})` : '';
  return createLoadIssue(
    'VALUE_OUT_OF_RANGE',
    `${fieldLabel(path)} must be ${word} ${String(bound)}${what}; found ${describeValue(found)}${size}`,
    { path, fix: `use a value ${word} ${String(bound)}` },
  );
}

function fromUnion(
  issue: ZodIssue & { code: 'invalid_union' },
  path: IssuePath,
  input: unknown,
  root: z.ZodType,
): Issue[] {
  if ('discriminator' in issue && issue.discriminator !== undefined) {
    const options = 'options' in issue && Array.isArray(issue.options) ? (issue.options as unknown[]) : [];
    return [fromInvalidValue(path, options, input)];
  }
  const nested = issue.errors.flat();
  const expected = nested
    .filter((n) => n.code === 'invalid_type')
    .map((n) => (n as ZodIssue & { code: 'invalid_type' }).expected);
  if (expected.length === nested.length && expected.length > 0)
    return [fromInvalidType(path, [...new Set(expected)], input)];
  const best = issue.errors.reduce((a, b) => (b.length < a.length ? b : a), issue.errors[0] ?? []);
  return best.length > 0
    ? best.flatMap((n) => fromZodIssue({ ...n, path: [...path, ...n.path] } as ZodIssue, input, root))
    : [
        createLoadIssue(
          'SCHEMA_INVALID_VALUE',
          `${fieldLabel(path)} matches none of its allowed forms; found ${describeValue(valueAt(input, path))}`,
          { path },
        ),
      ];
}

/**
 * Maps one zod issue to reeflow issues (one per unknown key; a union's closest alternative).
 * `root` is the schema `input` was parsed with (the model's unless said), for "did you mean".
 */
export function fromZodIssue(issue: ZodIssue, input: unknown, root: z.ZodType = modelSchema): Issue[] {
  const path = issue.path.map((part) => (typeof part === 'symbol' ? String(part) : part));
  switch (issue.code) {
    case 'invalid_type':
      return [fromInvalidType(path, [issue.expected], input)];
    case 'unrecognized_keys':
      return fromUnknownKeys(path, issue.keys, input, root);
    case 'invalid_value':
      return [fromInvalidValue(path, issue.values, input)];
    case 'too_small':
    case 'too_big':
      return [fromRange(issue, path, input)];
    case 'invalid_union':
      return fromUnion(issue, path, input, root);
    case 'invalid_format':
      return [
        createLoadIssue(
          'SCHEMA_INVALID_FORMAT',
          `${fieldLabel(path)}: ${issue.message}; found ${describeValue(valueAt(input, path))}`,
          { path },
        ),
      ];
    case 'invalid_key':
      return [
        createLoadIssue(
          'SCHEMA_INVALID_KEY',
          `key ${fieldLabel(path)}: ${issue.issues[0]?.message ?? 'not allowed'}`,
          { path, fix: 'rename the key' },
        ),
      ];
    case 'custom': {
      const code =
        typeof issue.params?.['reeflow'] === 'string' ? issue.params['reeflow'] : 'SCHEMA_INVALID_VALUE';
      return [createLoadIssue(code, `${fieldLabel(path)}: ${issue.message}`, { path })];
    }
    default:
      return [createLoadIssue('SCHEMA_INVALID_VALUE', `${fieldLabel(path)}: ${issue.message}`, { path })];
  }
}

/** Maps every zod issue of a failed parse of `input` by `root` (the model schema unless said). */
export function fromZodIssues(
  issues: readonly ZodIssue[],
  input: unknown,
  root: z.ZodType = modelSchema,
): Issue[] {
  return issues.flatMap((issue) => fromZodIssue(issue, input, root));
}
