// Lint keeps the layers honest (STYLE.md, docs/contributing.md): which folder may import which, and
// what domain folders may not reach for (the outer ring, I/O, the clock, randomness, threads, the
// host, env). tests/tooling/lint-layers.test.ts plants a violation of each rule and expects it to fail.
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const ROOT = dirname(fileURLToPath(import.meta.url));

/**
 * The allowed direction between the folders of src/: each folder may import itself, the shared
 * top-level files (src/coded-error.ts, src/defined-fields.ts, src/random.ts, src/version.ts) and the
 * folders listed. Domain folders first, lowest layer first; then the outer ring. Anything not listed
 * is refused, whichever way it points.
 */
const LAYERS = {
  model: [],
  solver: [],
  plan: ['model', 'solver'],
  simulate: ['model', 'plan'],
  risk: ['model', 'solver', 'plan', 'simulate'],
  coordinate: ['model', 'solver', 'plan'],
  monitor: ['model', 'plan'],
  calibrate: ['model', 'solver', 'plan', 'simulate', 'risk'],
  // The outer ring: storage, the browser's door, the server, the command line.
  store: ['model', 'monitor'],
  contract: ['model', 'solver', 'plan', 'simulate', 'risk', 'coordinate', 'monitor', 'calibrate', 'server'],
  server: [
    'model',
    'solver',
    'plan',
    'simulate',
    'risk',
    'coordinate',
    'monitor',
    'calibrate',
    'store',
    'contract',
  ],
  cli: [
    'model',
    'solver',
    'plan',
    'simulate',
    'risk',
    'coordinate',
    'monitor',
    'calibrate',
    'store',
    'contract',
    'server',
  ],
};
const DOMAIN = ['model', 'solver', 'plan', 'simulate', 'risk', 'coordinate', 'monitor', 'calibrate'];
/** The web's only door into src/ (types and plain constants). */
const CONTRACT_ENTRY = 'src/contract/index.ts';
/** What src/contract/ may import as values (plain constants with no imports); everything else `import type`. */
const CONTRACT_VALUE_SOURCES = ['src/model/elements.ts', 'src/model/stages.ts'];

/**
 * How one domain folder reaches another: through its public entry (index.ts) or a documented light
 * entry that leaves the heavy parts unloaded.
 */
const ENTRIES = {
  // The model without the loader and checks, for simulation workers (src/model/core.ts says why).
  model: ['src/model/index.ts', 'src/model/core.ts'],
  // The problem type, its builder and the Solver port without the engines (HiGHS WASM, native binaries).
  solver: [
    'src/solver/index.ts',
    'src/solver/problem.ts',
    'src/solver/problem-builder.ts',
    'src/solver/solver.ts',
  ],
};
/** Imports past another domain folder's entry that are sanctioned, with the reason. */
/** Sanctioned reaches past another domain folder's entry: none today; add one here with its reason. */
const ENTRY_EXCEPTIONS = [];

/** Where an import lands, relative to the repository, with `.js` written as the `.ts` it is. */
const landing = (file, source) =>
  relative(ROOT, join(dirname(file), source))
    .split(sep)
    .join('/')
    .replace(/\.js$/, '.ts')
    .replace(/\.jsx$/, '.tsx');

/** The src/ folder of a repository path ('' for a top-level file of src/), or undefined outside src/. */
const folderOf = (path) => {
  const parts = path.split('/');
  if (parts[0] !== 'src') return undefined;
  return parts.length > 2 ? parts[1] : '';
};

/** True when every name an import or export brings in is a type. */
const isTypeOnly = (node) =>
  node.importKind === 'type' ||
  node.exportKind === 'type' ||
  (node.specifiers?.length > 0 &&
    node.specifiers.every((s) => s.importKind === 'type' || s.exportKind === 'type'));

const layersRule = {
  meta: {
    type: 'problem',
    docs: { description: 'Imports between src/ folders and from web/ follow LAYERS (eslint.config.js).' },
    schema: [],
    messages: {
      direction:
        'src/{{from}} may not import src/{{to}}: {{from}} may import {{allowed}} (the direction is written in LAYERS in eslint.config.js). Pass what it needs in, or move the code to the lower layer.',
      web: 'web/ may import from src/ only src/contract/index.ts (types and plain constants), not {{to}}: add what the dashboard needs to the contract, or ask the API for it.',
      contract:
        'src/contract/ imports {{to}} as a value: use `import type` (only src/model/elements.ts and src/model/stages.ts give plain constants), so the browser bundles no domain code.',
      srcToWeb: 'src/ never imports web/: the dashboard sits on top of the API, not under it.',
      entry:
        '{{to}} is inside another domain folder: import it from {{entries}} (export it there if it is public; ENTRIES in eslint.config.js lists the light entries).',
    },
  },
  create(context) {
    const file = relative(ROOT, context.filename).split(sep).join('/');
    const inWeb = file.startsWith('web/');
    const from = folderOf(file);
    if (!inWeb && from === undefined) return {};
    const check = (node, source) => {
      if (typeof source !== 'string' || !source.startsWith('.')) return;
      const to = landing(context.filename, source);
      if (inWeb) {
        if (to.startsWith('src/') && to !== CONTRACT_ENTRY)
          context.report({ node, messageId: 'web', data: { to } });
        return;
      }
      if (to.startsWith('web/')) {
        context.report({ node, messageId: 'srcToWeb' });
        return;
      }
      const target = folderOf(to);
      if (target === undefined || target === '' || target === from) return;
      if (from === 'contract' && !isTypeOnly(node) && !CONTRACT_VALUE_SOURCES.includes(to)) {
        context.report({ node, messageId: 'contract', data: { to } });
        return;
      }
      const allowed = from === '' ? [] : (LAYERS[from] ?? []);
      if (!allowed.includes(target)) {
        context.report({
          node,
          messageId: 'direction',
          data: { from: from || '<top level>', to: target, allowed: allowed.join(', ') || 'no other folder' },
        });
        return;
      }
      const entries = ENTRIES[target] ?? [`src/${target}/index.ts`];
      const sanctioned = ENTRY_EXCEPTIONS.some((e) => e.from === file && to.startsWith(e.to));
      if (DOMAIN.includes(from) && DOMAIN.includes(target) && !entries.includes(to) && !sanctioned)
        context.report({ node, messageId: 'entry', data: { to, entries: entries.join(' or ') } });
    };
    const withSource = (node) => check(node, node.source?.value);
    return {
      ImportDeclaration: withSource,
      ExportNamedDeclaration: withSource,
      ExportAllDeclaration: withSource,
      ImportExpression: (node) => check(node, node.source.type === 'Literal' ? node.source.value : undefined),
    };
  },
};

/** Every Node built-in that does I/O or reaches the host; a domain folder gets data or a port passed in. */
const HOST_MODULES = [
  ['fs', 'Domain folders do no I/O; pass data or a port in.'],
  ['fs/promises', 'Domain folders do no I/O; pass data or a port in.'],
  ['http', 'Domain folders do no I/O; pass data or a port in.'],
  ['https', 'Domain folders do no I/O; pass data or a port in.'],
  ['net', 'Domain folders do no I/O; pass data or a port in.'],
  ['child_process', 'Domain folders start no processes; an engine behind a port does.'],
  ['worker_threads', 'Domain folders start no threads; pass an executor in.'],
  ['os', 'Domain folders do not read the host; pass the value in.'],
  ['perf_hooks', 'Pass a clock in (the edge passes () => performance.now()).'],
].flatMap(([name, message]) => [
  { name, message },
  { name: `node:${name}`, message },
]);
/** Randomness from node:crypto (hashing stays allowed: it is deterministic). */
const CRYPTO_RANDOM = [
  'randomBytes',
  'randomUUID',
  'randomInt',
  'randomFill',
  'randomFillSync',
  'getRandomValues',
  'webcrypto',
];
const RANDOM_IMPORTS = ['crypto', 'node:crypto'].map((name) => ({
  name,
  importNames: CRYPTO_RANDOM,
  message: 'Pass a seeded random source in (src/random.ts).',
}));
const ENV_IMPORTS = ['process', 'node:process'].map((name) => ({
  name,
  importNames: ['env', 'hrtime', 'uptime'],
  message: 'Read configuration and the clock at the edge and pass them in.',
}));
/** Thread pools count as threads. */
const THREAD_LIBRARIES = [
  { name: 'piscina', message: 'Domain folders start no threads; pass an executor in.' },
];

/** The syntax every file refuses (STYLE.md habit 13). */
const EXPORT_SYNTAX = [
  { selector: 'ExportAllDeclaration', message: 'List exports by name (STYLE.md habit 13).' },
  { selector: 'ExportDefaultDeclaration', message: 'No default exports (STYLE.md habit 13).' },
];
/** Reading the clock without a member access: `new Date()` with no argument. */
const CLOCK_SYNTAX = [
  {
    selector: "NewExpression[callee.name='Date'][arguments.length=0]",
    message: 'new Date() reads the clock: pass a clock in (or the time as a value).',
  },
];
const CLOCK_AND_RANDOM_PROPERTIES = [
  { object: 'Date', property: 'now', message: 'Pass a clock in.' },
  { object: 'performance', property: 'now', message: 'Pass a clock in.' },
  { object: 'process', property: 'hrtime', message: 'Pass a clock in.' },
  { object: 'process', property: 'uptime', message: 'Pass a clock in.' },
  { object: 'Math', property: 'random', message: 'Pass a seeded random source in (src/random.ts).' },
  { object: 'crypto', property: 'randomUUID', message: 'Pass a seeded random source in.' },
  { object: 'crypto', property: 'getRandomValues', message: 'Pass a seeded random source in.' },
  { object: 'process', property: 'env', message: 'Read configuration at the edge and pass it in.' },
];

/** The domain rules, minus the built-ins a sanctioned engine needs (`allow`). */
const domainRules = (allow = []) => ({
  'no-restricted-imports': [
    'error',
    {
      paths: [...HOST_MODULES, ...THREAD_LIBRARIES]
        .filter(({ name }) => !allow.includes(name))
        .concat(RANDOM_IMPORTS, ENV_IMPORTS),
    },
  ],
  'no-restricted-properties': [
    'error',
    ...CLOCK_AND_RANDOM_PROPERTIES.filter(({ object, property }) => !allow.includes(`${object}.${property}`)),
  ],
  'no-restricted-syntax': ['error', ...EXPORT_SYNTAX, ...CLOCK_SYNTAX],
});

/**
 * The sanctioned exceptions: engines behind a narrow interface, at the edge of their folder.
 * Each may use only the host modules listed; the layering, env and randomness rules still hold.
 */
const ENGINES = [
  {
    // Native and WASM solvers run a binary or a worker thread and time it (Solution.solveSeconds).
    files: ['src/solver/adapters/**'],
    allow: [
      'fs',
      'node:fs',
      'os',
      'node:os',
      'child_process',
      'node:child_process',
      'worker_threads',
      'node:worker_threads',
      'perf_hooks',
      'node:perf_hooks',
      'performance.now',
    ],
  },
  {
    // The model loader is the file edge of the model (read, stat, write model folders).
    files: ['src/model/load/**'],
    allow: ['fs', 'node:fs', 'fs/promises', 'node:fs/promises'],
  },
  {
    // The Monte Carlo thread executor (createThreadExecutor, worker-task.ts) is the engine behind the
    // BatchExecutor port; runReplications picks it when `workers > 0`. TODO(#16): the edges pass it in.
    files: ['src/simulate/monte-carlo.ts', 'src/simulate/worker-task.ts'],
    allow: ['piscina'],
  },
];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'web/dist/**', 'coverage/**', 'tmp/**'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    plugins: { reeflow: { rules: { layers: layersRule } } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': ['error', ...EXPORT_SYNTAX],
      'reeflow/layers': 'error',
    },
  },
  {
    // Tool configuration files must default-export their config.
    files: ['eslint.config.js', 'vitest.config.ts', 'web/vite.config.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  { files: DOMAIN.map((folder) => `src/${folder}/**`), rules: domainRules() },
  ...ENGINES.map(({ files, allow }) => ({ files, rules: domainRules(allow) })),
);
