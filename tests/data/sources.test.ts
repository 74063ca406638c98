// The bundled data cite their sources by id, and every id resolves inside the repository:
// data/SOURCES.md lists each id once, every [ID] in a data README or in a YAML/CSV comment is
// listed there, and no data file points at files that are not in the clone (issue 14, D11).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const DATA = 'data';
const ID = /^[A-Za-z][A-Za-z0-9_]*$/;

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? files(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

/** Ids defined by SOURCES.md: the first cell of every table row whose first cell is an id. */
function definedIds(text: string): string[] {
  return text
    .split('\n')
    .map((line) => /^\| ([^|]+?) \|/.exec(line)?.[1] ?? '')
    .filter((cell) => ID.test(cell) && cell !== 'id');
}

/** The text a file cites in: all of a Markdown file but its code, or the comments of a YAML/CSV file. */
function citingText(path: string): string {
  const text = readFileSync(path, 'utf8');
  if (path.endsWith('.md')) {
    return text
      .replace(/```[\s\S]*?```/g, '')
      .replace(/`[^`\n]*`/g, '')
      .replace(/\[[^\]\n]*\]\([^)\n]*\)/g, '');
  }
  if (path.endsWith('.yaml') || path.endsWith('.yml') || path.endsWith('.csv')) {
    return text
      .split('\n')
      .map((line) => /(?:^|\s)#(.*)$/.exec(line)?.[1] ?? '')
      .join('\n');
  }
  return '';
}

/** Ids cited as `[A]`, `[A, B]` or `[A; B]`; the first word of each part counts (`[EU_CRM2023 method]`). */
function citedIds(text: string): string[] {
  return [...text.matchAll(/\[([^\]\n]+)\]/g)].flatMap((match) =>
    (match[1] ?? '')
      .split(/[,;]/)
      .map((part) => part.trim().split(/\s+/)[0] ?? '')
      .filter((word) => ID.test(word)),
  );
}

describe('data/SOURCES.md', () => {
  const sources = readFileSync(join(DATA, 'SOURCES.md'), 'utf8');
  const defined = definedIds(sources);

  it('defines each id once, each with a reference', () => {
    expect(defined.length).toBeGreaterThan(100);
    expect(defined.filter((id, i) => defined.indexOf(id) !== i)).toEqual([]);
    for (const id of ['USGS_MCS2026', 'EU_CRM2023', 'ARGUS_REC', 'CASTOR_HEDRICK2006', 'IEA_KR']) {
      expect(defined).toContain(id);
    }
  });

  it('lists every id that a data README or a model file comment cites', () => {
    const known = new Set(defined);
    const missing = files(DATA).flatMap((path) =>
      citedIds(citingText(path))
        .filter((id) => !known.has(id))
        .map((id) => `${path}: [${id}]`),
    );
    expect(missing).toEqual([]);
  });

  it('is cited by the model files of both bundled models', () => {
    for (const path of ['data/world/facilities.yaml', 'data/world/stockpiles.yaml', 'data/two-base/model.yaml']) {
      expect(citedIds(citingText(path)).length, path).toBeGreaterThan(0);
    }
  });

  it('is where the data point for sources: nothing outside the repository', () => {
    const outside = /shared\/reference|rare-earth-facts|reference\/README|DESIGN\.md|\.\.\//;
    const offenders = files(DATA).filter(
      (path) => /\.(md|ya?ml|csv)$/.test(path) && outside.test(readFileSync(path, 'utf8')),
    );
    expect(offenders).toEqual([]);
  });
});
