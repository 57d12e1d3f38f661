// Lint: typescript-eslint with type information, so promise misuse is caught.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

const HOST_FREE = {
  group: ['vscode', 'vscode-*', 'node:*', 'fs', 'path', 'child_process', 'os'],
  message: 'server/core is host-free: inject what you need.',
};

/** The core's floors, lowest first; folders on one floor do not import each other. */
const CORE_FLOORS = [['model'], ['parse'], ['index'], ['edit', 'check'], ['run', 'history']];

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.vscode-test/**', 'fixtures/**', 'test/output/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // node:test's test()/describe() return promises the runner itself awaits.
      '@typescript-eslint/no-floating-promises': [
        'error',
        { allowForKnownSafeCalls: [{ from: 'package', name: ['test', 'describe', 'it', 'suite'], package: 'node:test' }] },
      ],
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': 'off',
    },
  },
  // The core must stay host-free (no vscode, no LSP, no Node built-ins), and its folders form
  // floors: a folder imports only from the floors below it (ARCHITECTURE.md, "Layers of the core").
  ...CORE_FLOORS.flatMap((floor, level) =>
    floor.map((folder) => ({
      files: [`server/core/${folder}/**/*.ts`],
      rules: {
        'no-restricted-imports': [
          'error',
          {
            patterns: [
              HOST_FREE,
              ...(CORE_FLOORS.slice(level)
                .flat()
                .filter((f) => f !== folder).length
                ? [
                    {
                      group: CORE_FLOORS.slice(level)
                        .flat()
                        .filter((f) => f !== folder)
                        .map((f) => `../${f}/*`),
                      message: `server/core/${folder} may import only from ${CORE_FLOORS.slice(0, level).flat().join(', ') || 'itself'} (the floors below it).`,
                    },
                  ]
                : []),
            ],
          },
        ],
      },
    })),
  ),
  {
    // The client parses nothing and writes no run files: it talks to the server through the typed
    // requests of server/protocol.ts, and imports nothing else of server/.
    files: ['src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '(^|/)server/(?!protocol$)',
              message: 'The client imports only server/protocol: ask the server with a typed request.',
            },
          ],
        },
      ],
    },
  },
  // Formatting is Prettier's (checked by `npm run lint`); no lint rule may disagree with it.
  prettier,
  {
    files: ['**/*.mjs', '**/*.js'],
    languageOptions: { globals: { console: 'readonly', process: 'readonly', URL: 'readonly' } },
  },
);
