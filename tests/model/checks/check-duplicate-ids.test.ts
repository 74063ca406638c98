import { describe, expect, it } from 'vitest';
import {
  checkDuplicateIds,
  checkJurisdictionCycles,
  createCheckContext,
} from '../../../src/model/checks/index.js';
import { createTwoBase, given, row } from './fixtures.js';

describe('checkDuplicateIds', () => {
  it('finds nothing in the clean model', () => {
    const model = createTwoBase();
    expect(checkDuplicateIds(model, createCheckContext(model))).toEqual([]);
  });

  it('reports the second of two routes that defaulted to the same id, asking to give each an id', () => {
    const model = createTwoBase((m) => {
      m.routes.push({ from: 'bayan-obo', to: 'baiyin-separation', mode: 'road' });
    });
    expect(checkDuplicateIds(model, createCheckContext(model))).toEqual([
      {
        code: 'ID_DUPLICATE',
        severity: 'error',
        path: ['routes', 3, 'id'],
        message:
          "routes id 'bayan-obo->baiyin-separation' is used twice: by routes[0] and routes[3]; ids must be unique.",
        fix: 'give each an id (routes default their id to from->to), e.g. id: bayan-obo->baiyin-separation-2.',
      },
    ]);
  });

  it('reports duplicate materials, process ids within a facility, and a project process that exists already', () => {
    const model = createTwoBase((m) => {
      m.materials.push({ id: 'La-oxide', kind: 'oxide' });
      given(row(m.facilities, 0).processes).push({
        id: 'mine',
        stage: 'mining',
        outputs: { 'bayan-concentrate': 1 },
        capacity: 1,
      });
      m.projects.push({
        id: 'new-mine',
        facility: 'bayan-obo',
        process: { id: 'mine', stage: 'mining', capacity: 1 },
        capex: 1,
        buildTime: 1,
      });
    });
    const found = checkDuplicateIds(model, createCheckContext(model)).map((i) => [i.path.join('.'), i.fix]);
    expect(found).toEqual([
      ['materials.5.id', "rename one of them, e.g. 'La-oxide-2'."],
      ['facilities.0.processes.1.id', "rename one of them, e.g. 'mine-2'."],
      [
        'projects.1.process.id',
        'give the new process its own id, or use expands: { process: mine, capacity: … } to add capacity to the existing one.',
      ],
    ]);
  });
});

describe('checkJurisdictionCycles', () => {
  it('reports a cycle once, listing it', () => {
    const model = createTwoBase((m) => {
      row(m.jurisdictions, 0).parent = 'CN-NM';
    });
    expect(checkJurisdictionCycles(model, createCheckContext(model))).toEqual([
      {
        code: 'JURISDICTION_CYCLE',
        severity: 'error',
        path: ['jurisdictions', 0, 'parent'],
        message: 'jurisdiction parents form a cycle: CN → CN-NM → CN; parents must form a tree.',
        fix: "remove the parent of the top-level one (e.g. of 'CN').",
      },
    ]);
  });

  it('reports a jurisdiction that is its own parent', () => {
    const model = createTwoBase((m) => {
      row(m.jurisdictions, 4).parent = 'JP';
    });
    expect(checkJurisdictionCycles(model, createCheckContext(model)).map((i) => i.message)).toEqual([
      'jurisdiction parents form a cycle: JP → JP; parents must form a tree.',
    ]);
  });
});
