// Type-aware lint; boundaries between modules are enforced with no-restricted-imports.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'web/dist/**', 'data/**', 'bin/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          allowForKnownSafeCalls: [
            {
              from: 'package',
              package: 'node:test',
              name: ['describe', 'it', 'test', 'suite', 'before', 'after', 'beforeEach', 'afterEach'],
            },
          ],
        },
      ],
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'error',
      // Fastify plugins and hooks are async by contract even when they do not await.
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    files: ['src/cli.ts', 'bench/**', 'eslint.config.js'],
    rules: { 'no-console': 'off' },
  },
  {
    files: ['**/*.test.ts', 'test/**'],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  {
    files: ['src/context/**', 'src/kernel/**', 'src/identity/**', 'src/storage/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/api/**', 'fastify', '../server.ts', '../../server.ts'],
              message: 'inner modules must not depend on the HTTP layer',
            },
          ],
        },
      ],
    },
  },
  {
    // Rule evaluation is pure: no database, HTTP, MQTT or bus in the rules' domain code.
    files: ['src/rules/**/domain/**'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '**/storage/**',
                '**/api/**',
                '**/bus/**',
                'fastify',
                'pg',
                'mqtt',
                '@electric-sql/*',
                'node:*',
              ],
              message: 'rules domain code is pure: pass what it needs in as values',
            },
          ],
        },
      ],
    },
  },
  {
    // The route solver is a pure library: it may use the kernel (coded errors) and Node built-ins only.
    files: ['src/vrp/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['../*', '!../kernel', '../kernel/*', '!../kernel/index.ts', '../../*'],
              message: 'src/vrp depends on the kernel (through its index.ts) only',
            },
            {
              regex: '^(?!node:|commander$|tsx/)[^./]',
              message: 'src/vrp uses no packages but commander (CLI)',
            },
          ],
        },
      ],
    },
  },
  // City services (src/services/<name>): a service never imports another service, reaches the core only
  // through its modules' index.ts, and its domain/ stays pure. Later blocks replace earlier ones for
  // the same files, so each block repeats the patterns it keeps.
  ...servicesBoundaries(),
  {
    files: ['src/sim/**'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/services/**'], message: 'the simulator must not import services' }] },
      ],
    },
  },
  { files: ['eslint.config.js'], ...tseslint.configs.disableTypeChecked },
);

function servicesBoundaries() {
  const CORE = 'kernel|config|storage|context|ingest|devices|bus|rules|identity|timeseries|processing|notify';
  const coreIndexOnly = (up) => ({
    regex: `^(\\.\\./){${up}}(${CORE})/(?!index\\.ts$)`,
    message: 'a service uses only the public index.ts of core modules',
  });
  const noOuter = (up) => ({
    regex: `^(\\.\\./){${up}}(api|sim|web|services)/|^(\\.\\./){${up}}(server|cli)\\.ts$`,
    message: 'a service must not import the HTTP app, the simulator, the composition root or other services',
  });
  const sibling = (up) => ({
    regex: `^(\\.\\./){${up}}(?!\\.\\.)[^/]+/`,
    message: 'a service never imports another service; they meet through context entities and bus events',
  });
  const pure = {
    group: [
      '**/storage/**',
      '**/api/**',
      '**/bus/**',
      '**/store/**',
      'fastify',
      'pg',
      'mqtt',
      '@electric-sql/*',
      'node:*',
      'typebox',
    ],
    message: 'service domain code is pure: no database, HTTP, MQTT or bus; pass values in',
  };
  const block = (files, patterns) => ({
    files,
    ignores: ['**/*.test.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns }] },
  });
  return [
    // src/services/<name>/*.ts
    block(['src/services/*/*.ts'], [coreIndexOnly(2), noOuter(2), sibling(1)]),
    // src/services/<name>/store/*.ts and other sub-folders
    block(['src/services/*/*/**'], [coreIndexOnly(3), noOuter(3), sibling(2)]),
    block(['src/services/*/domain/**'], [coreIndexOnly(3), noOuter(3), sibling(2), pure]),
  ];
}
