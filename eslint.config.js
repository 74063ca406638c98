// Lint keeps the layers honest (STYLE.md): domain folders never import the outer ring
// (server, cli, store, web), never do I/O, and never read the clock, randomness or env.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const domain = [
  'src/model/**',
  'src/solver/**',
  'src/plan/**',
  'src/simulate/**',
  'src/risk/**',
  'src/coordinate/**',
  'src/monitor/**',
];
const outerRing = ['**/server/**', '**/cli/**', '**/store/**', '**/web/**'];
const io = [
  'fs',
  'node:fs',
  'fs/promises',
  'node:fs/promises',
  'http',
  'node:http',
  'net',
  'node:net',
  'child_process',
  'node:child_process',
];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'web/dist/**', 'coverage/**', 'tmp/**'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        { selector: 'ExportAllDeclaration', message: 'List exports by name (STYLE.md habit 13).' },
        { selector: 'ExportDefaultDeclaration', message: 'No default exports (STYLE.md habit 13).' },
      ],
    },
  },
  {
    // Tool configuration files must default-export their config.
    files: ['eslint.config.js', 'vitest.config.ts', 'web/vite.config.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    files: domain,
    // The solver adapters that talk to a worker thread or a native binary live in solver/adapters/,
    // the one sanctioned exception: they are engines behind the Solver interface.
    ignores: ['src/solver/adapters/**', 'src/model/load/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [{ group: outerRing, message: 'Domain layers never import the outer ring.' }],
          paths: io.map((name) => ({ name, message: 'Domain layers do no I/O; pass data or a port in.' })),
        },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'Date', property: 'now', message: 'Pass a clock in.' },
        { object: 'Math', property: 'random', message: 'Pass a seeded random source in.' },
        { object: 'process', property: 'env', message: 'Read configuration at the edge.' },
      ],
    },
  },
  {
    files: ['src/model/load/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: outerRing, message: 'Domain layers never import the outer ring.' }] },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'Date', property: 'now' },
        { object: 'Math', property: 'random' },
        { object: 'process', property: 'env' },
      ],
    },
  },
);
