/**
 * The OpenAPI 3.1 document, generated from the routes declared with `defineRoute` and their zod
 * schemas (`z.toJSONSchema`), so the document can never drift from what the server checks.
 */
import { z } from 'zod';
import { VERSION } from '../version.js';
import { toModelJsonSchema } from '../model/index.js';
import type { ApiCatalog } from './route.js';
import { definedFields } from '../defined-fields.js';

type Json = Record<string, unknown>;

const toPath = (url: string): string => url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

/**
 * JSON Schema of a zod schema; named schemas (`.meta({id})`) go to components. When the output
 * form of a named schema differs from its input form (defaults make fields required), it is
 * stored under `<id>Output`.
 */
function toSchema(schema: z.ZodType, io: 'input' | 'output', components: Json): Json {
  const generated = z.toJSONSchema(schema, {
    io,
    unrepresentable: 'any',
    target: 'draft-2020-12',
    reused: 'inline',
  }) as Json;
  const { $defs, $schema: _schema, ...root } = generated as Json & { $defs?: Record<string, Json> };
  const named: Record<string, Json> = { ...($defs ?? {}) };
  const rootId = typeof root['id'] === 'string' ? root['id'] : undefined;
  if (rootId !== undefined) {
    delete root['id'];
    named[rootId] = root;
  }
  const rename = new Map<string, string>();
  const relink = (value: Json): Json =>
    JSON.parse(
      JSON.stringify(value).replace(
        /"#\/\$defs\/([^"]+)"/g,
        (_m, id: string) => `"#/components/schemas/${rename.get(id) ?? id}"`,
      ),
    ) as Json;
  // Rename only where the forms differ; a def's refs are compared as they would be stored.
  for (const [id, def] of Object.entries(named)) {
    const existing = components[id];
    rename.set(
      id,
      existing === undefined || JSON.stringify(existing) === JSON.stringify(relink(def))
        ? id
        : `${id}${io === 'output' ? 'Output' : 'Input'}`,
    );
  }
  for (const [id, def] of Object.entries(named)) components[rename.get(id) ?? id] ??= relink(def);
  return rootId === undefined
    ? relink(root)
    : { $ref: `#/components/schemas/${rename.get(rootId) ?? rootId}` };
}

function toParameters(schema: z.ZodType | undefined, where: 'path' | 'query', components: Json): Json[] {
  if (!schema) return [];
  const json = toSchema(schema, 'input', components);
  const properties = (json['properties'] ?? {}) as Record<string, Json>;
  const required = new Set((json['required'] ?? []) as string[]);
  return Object.entries(properties).map(([name, property]) => ({
    name,
    in: where,
    required: where === 'path' || required.has(name),
    ...(typeof property['description'] === 'string' ? { description: property['description'] } : {}),
    schema: property,
  }));
}

/**
 * The OpenAPI document of every declared route.
 *
 * @example const doc = toOpenApi(app.apiCatalog);
 */
export function toOpenApi(catalog: ApiCatalog): Json {
  const components: Json = {};
  const paths: Record<string, Record<string, Json>> = {};
  for (const spec of catalog) {
    const path = toPath(spec.url);
    const requestBody = spec.body
      ? {
          required: true,
          content: { 'application/json': { schema: toSchema(spec.body, 'input', components) } },
        }
      : spec.rawBody
        ? { required: true, description: spec.rawBody.description, content: spec.rawBody.content }
        : undefined;
    const parameters = [
      ...toParameters(spec.params, 'path', components),
      ...toParameters(spec.query, 'query', components),
    ];
    const responses: Json = {};
    for (const [status, response] of Object.entries(spec.responses)) {
      responses[status] = {
        description: response.description,
        ...(response.schema
          ? {
              content: {
                [response.contentType ?? 'application/json']: {
                  schema: toSchema(response.schema, 'output', components),
                },
              },
            }
          : response.contentType
            ? { content: { [response.contentType]: { schema: { type: 'string' } } } }
            : {}),
      };
    }
    (paths[path] ??= {})[spec.method.toLowerCase()] = {
      summary: spec.summary,
      ...definedFields({ description: spec.description }),
      tags: spec.tags,
      ...(parameters.length > 0 ? { parameters } : {}),
      ...(requestBody ? { requestBody } : {}),
      ...(spec.public === true
        ? { security: [] }
        : { 'x-roles': spec.roles ?? ['admin', 'planner', 'authority', 'analyst'] }),
      responses,
    };
  }
  components['Model'] = (({ $schema: _s, ...rest }) => rest)(toModelJsonSchema());
  const sorted = Object.fromEntries(Object.entries(components).sort(([a], [b]) => a.localeCompare(b)));
  return {
    openapi: '3.1.0',
    info: {
      title: 'reeflow API',
      version: VERSION,
      description:
        'The digital twin of the rare-earth value chain over HTTP. Errors are {code, message, issues?}; see docs/api.md.',
    },
    servers: [{ url: '/' }],
    security: [{ bearer: [] }],
    paths,
    components: {
      schemas: sorted,
      securitySchemes: {
        bearer: {
          type: 'http',
          scheme: 'bearer',
          description: 'needed only when the server has tokens configured',
        },
      },
    },
  };
}
