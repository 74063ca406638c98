/**
 * Ids are unique per table (and process ids per facility): `ID_DUPLICATE`. Routes, demands and
 * sinks get default ids (`from->to`, `node:material`, `kind:material@node`), so two rows between
 * the same places collide unless each is given its own id.
 */
import type { Model } from '../model.js';
import type { Issue, IssuePath } from '../issues.js';
import { formatPath } from '../issues.js';
import { toIssue, type CheckContext } from './context.js';

const DEFAULT_ID_HINT: Partial<Record<string, string>> = {
  routes: 'routes default their id to from->to',
  demands: 'demands default their id to node:material',
  sinks: 'sinks default their id to kind:material@node',
};

function findDuplicates(rows: readonly { id: string }[], path: IssuePath, table: string): Issue[] {
  const first = new Map<string, number>();
  const issues: Issue[] = [];
  rows.forEach((row, i) => {
    const earlier = first.get(row.id);
    if (earlier === undefined) {
      first.set(row.id, i);
      return;
    }
    const hint = DEFAULT_ID_HINT[table];
    issues.push(
      toIssue(
        'ID_DUPLICATE',
        'error',
        [...path, i, 'id'],
        `${table} id '${row.id}' is used twice: by ${formatPath([...path, earlier])} and ${formatPath([...path, i])}; ids must be unique.`,
        hint ? `give each an id (${hint}), e.g. id: ${row.id}-2.` : `rename one of them, e.g. '${row.id}-2'.`,
      ),
    );
  });
  return issues;
}

/** Checks that ids are unique in every table and process ids within each facility. */
export function checkDuplicateIds(model: Model, _context: CheckContext): Issue[] {
  const tables = [
    'jurisdictions',
    'materials',
    'facilities',
    'routes',
    'demands',
    'sinks',
    'stockpiles',
    'policies',
    'projects',
    'scenarios',
  ] as const;
  const issues = tables.flatMap((table) => findDuplicates(model[table], [table], table));
  model.facilities.forEach((facility, f) =>
    issues.push(
      ...findDuplicates(
        facility.processes,
        ['facilities', f, 'processes'],
        `process of facility '${facility.id}':`,
      ),
    ),
  );
  model.projects.forEach((project, j) => {
    const facility = model.facilities.find((f) => f.id === project.facility);
    if (project.process && facility?.processes.some((p) => p.id === project.process?.id)) {
      issues.push(
        toIssue(
          'ID_DUPLICATE',
          'error',
          ['projects', j, 'process', 'id'],
          `project '${project.id}' adds process '${project.process.id}' to facility '${facility.id}', which already has a process with this id.`,
          `give the new process its own id, or use expands: { process: ${project.process.id}, capacity: … } to add capacity to the existing one.`,
        ),
      );
    }
  });
  return issues;
}
