/**
 * The OpenAPI 3.1 document, generated from the routes declared with `defineRoute` and their zod
 * schemas (`z.toJSONSchema`), so the document can never drift from what the server checks.
 */
import { z } from 'zod';
import { VERSION } from '../version.js';
import { toModelJsonSchema } from '../model/index.js';
import type { ApiCatalog } from './route.js';

type Json = Record<string, unknown>;

const toPath = (url: string): string => url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

/** JSON Schema of a zod schema, named schemas (`.meta({id})`) moved to components. */
function toSchema(schema: z.ZodType, io: 'input' | 'output', components: Json): Json {
  const generated = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12', reused: 'inline' });
  const json = JSON.parse(JSON.stringify(generated).replaceAll('"#/$defs/', '"#/components/schemas/')) as Json;
  const defs = (json['$defs'] ?? {}) as Record<string, Json>;
  for (const [id, def] of Object.entries(defs)) components[id] ??= def;
  delete json['$defs'];
  delete json['$schema'];
  const id = json['id'];
  if (typeof id === 'string') {
    delete json['id'];
    components[id] ??= json;
    return { $ref: `#/components/schemas/${id}` };
  }
  return json;
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
    const responses: Json = {};
    for (const [status, response] of Object.entries(spec.responses)) {
      responses[status] = {
        description: response.description,
        ...(response.schema
          ? { content: { [response.contentType ?? 'application/json']: { schema: toSchema(response.schema, 'output', components) } } }
          : response.contentType ? { content: { [response.contentType]: { schema: { type: 'string' } } } } : {}),
      };
    }
    const requestBody = spec.body
      ? { required: true, content: { 'application/json': { schema: toSchema(spec.body, 'input', components) } } }
      : spec.rawBody ? { required: true, description: spec.rawBody.description, content: spec.rawBody.content } : undefined;
    const parameters = [...toParameters(spec.params, 'path', components), ...toParameters(spec.query, 'query', components)];
    (paths[path] ??= {})[spec.method.toLowerCase()] = {
      summary: spec.summary,
      ...(spec.description === undefined ? {} : { description: spec.description }),
      tags: spec.tags,
      ...(parameters.length > 0 ? { parameters } : {}),
      ...(requestBody ? { requestBody } : {}),
      ...(spec.public === true ? { security: [] } : { 'x-roles': spec.roles ?? ['admin', 'planner', 'authority', 'analyst'] }),
      responses,
    };
  }
  components['Model'] = (({ $schema: _s, ...rest }) => rest)(toModelJsonSchema());
  const sorted = Object.fromEntries(Object.entries(components).sort(([a], [b]) => a.localeCompare(b)));
  return {
    openapi: '3.1.0',
    info: { title: 'reeflow API', version: VERSION, description: 'The digital twin of the rare-earth value chain over HTTP. Errors are {code, message, issues?}; see docs/api.md.' },
    servers: [{ url: '/' }],
    security: [{ bearer: [] }],
    paths,
    components: { schemas: sorted, securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'needed only when the server has tokens configured' } } },
  };
}
