import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

// The engine is the pure core: it must run the same in Node and a Worker, so it may not touch the DOM,
// the wall clock or Math.random, and may not import the app's layers (see ../shared/STYLE.md, "one-way doors").
const engineRestrictions = {
  'no-restricted-imports': [
    'error',
    {
      patterns: [
        {
          group: ['react', 'react-*', 'zustand', 'zustand/*', 'd3-*'],
          message: 'src/engine is pure: no UI libraries.',
        },
        {
          group: ['**/store/**', '**/views/**', '**/worker/**', '**/cli/**'],
          message: 'src/engine imports none of the outer layers.',
        },
      ],
    },
  ],
  'no-restricted-globals': [
    'error',
    { name: 'window', message: 'No DOM in the engine.' },
    { name: 'document', message: 'No DOM in the engine.' },
    { name: 'setTimeout', message: 'All time in the engine is simulated.' },
    { name: 'setInterval', message: 'All time in the engine is simulated.' },
    { name: 'performance', message: 'All time in the engine is simulated.' },
  ],
  'no-restricted-properties': [
    'error',
    { object: 'Math', property: 'random', message: 'Use the seeded PRNG (src/engine/prng.ts).' },
    { object: 'Date', property: 'now', message: 'All time in the engine is simulated.' },
  ],
  'no-restricted-syntax': [
    'error',
    { selector: "NewExpression[callee.name='Date']", message: 'All time in the engine is simulated.' },
  ],
};

// A lesson's guide.ts is what the page loads (lessons/registry.ts): it must not pull in the simulation,
// the XState host or XState, which only the worker needs (they live in the lesson's lesson.ts).
const guidePatterns = [
  ...engineRestrictions['no-restricted-imports'][1].patterns,
  {
    group: [
      'xstate',
      'xstate/*',
      '**/engine/simulation.ts',
      '**/engine/sim/*',
      '**/engine/xstate-host.ts',
      '**/engine/index.ts',
      './lesson.ts',
    ],
    message:
      "guide.ts is loaded by the page: keep the simulation, XState and the lesson's behaviours in lesson.ts.",
  },
];

export default tseslint.config(
  {
    ignores: [
      'dist',
      'dist-e2e*',
      'node_modules',
      'tests/e2e/artifacts',
      'test-results',
      'playwright-report',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/**/*.tsx', 'src/**/*.ts', 'lessons/**/*.tsx'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'warn' },
  },
  { files: ['src/engine/**/*.ts', 'lessons/**/*.ts'], ignores: ['**/*.test.ts'], rules: engineRestrictions },
  // Layer edges (STYLE.md, "one-way doors"). Views draw what the store holds: they take no values from
  // the worker, and from the engine only its pure words, constants and parsers (no simulation), each
  // from its own module: Rollup cannot drop the barrel's other modules (the Simulation among them)
  // unseen, so a value import from index.ts would drag them into the page.
  {
    files: ['src/views/**/*.{ts,tsx}'],
    ignores: ['**/*.test.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/worker/**'], message: 'Views read the store, never the worker.' },
            {
              group: [
                '**/engine/**',
                '!**/engine/words.ts',
                '!**/engine/spans.ts',
                '!**/engine/trace.ts',
                '!**/engine/vocabulary.ts',
                '!**/engine/clock.ts',
                '!**/engine/params.ts',
                '!**/engine/interventions.ts',
              ],
              allowTypeImports: true,
              message:
                'Views take engine values only from its pure modules (words, spans, trace, vocabulary, clock, params, interventions); derive the rest from the trace in the store.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/store/**/*.ts', 'src/embed/**/*.{ts,tsx}'],
    ignores: ['**/*.test.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/engine/index.ts'],
              allowTypeImports: true,
              message:
                'Import engine values from their own module (params.ts, trace.ts, ...): the barrel brings the Simulation into the page.',
            },
          ],
        },
      ],
    },
  },
  // The engine knows nothing of who uses it: not the embed, the lessons or the offline layer.
  {
    files: ['src/engine/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...engineRestrictions['no-restricted-imports'][1].patterns,
            {
              group: ['**/embed/**', '**/lessons/**', '**/offline/**'],
              message: 'src/engine imports nothing from the embed, the lessons or offline.',
            },
          ],
        },
      ],
    },
  },
  // A lesson reaches the views through one door: src/views/readout-kit.ts.
  {
    files: ['lessons/**/*.{ts,tsx}'],
    ignores: ['**/*.test.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/src/views/**', '!**/src/views/readout-kit.ts'],
              message: 'Lessons use the views only through src/views/readout-kit.ts.',
            },
            {
              group: ['**/engine/index.ts'],
              allowTypeImports: true,
              message:
                'Import engine values from their own module (params.ts, trace.ts, ...): the barrel brings the Simulation into the page.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['lessons/*/guide.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: guidePatterns }] },
  },
);
