// ESLint flat config: @eslint/js + typescript-eslint recommended + react-hooks, and a boundary
// rule for src/core (pure TypeScript that runs in Node, a Web Worker and the page alike).
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** Folders of src/ that are the browser app; src/core must never import from them. */
const APP_DIRS = ['ui', 'store', 'graph', 'editor', 'terminal'];

/** Packages that belong to the browser app, never to src/core. */
const BANNED_PACKAGES = {
  regex: '^(react|react-dom|zustand|cytoscape)(/.*)?$|^cytoscape-|^@codemirror/',
  message: 'src/core is pure and runs in Node, a Worker and the page: no UI libraries here.',
};

/**
 * no-restricted-imports for the files of src/core at a given folder depth (0 = src/core/*.ts).
 * A relative import reaches src/<dir> with exactly depth+1 '../', so the pattern is exact and a
 * folder of the core that happens to be named like an app folder (say src/core/graph) stays allowed.
 */
function coreBoundary(depth) {
  const up = `(\\./)?(\\.\\./){${depth + 1}}`;
  const dirs = `(${APP_DIRS.join('|')})`;
  return {
    files: [`src/core/${'*/'.repeat(depth)}*.{ts,tsx,js,mjs}`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            BANNED_PACKAGES,
            {
              regex: `^${up}${dirs}(/|$)|^(/?src/|@/|~/)${dirs}(/|$)`,
              message: `src/core must not import from src/{${APP_DIRS.join(',')}}: the app depends on the core, never the reverse.`,
            },
          ],
        },
      ],
    },
  };
}

export default defineConfig(
  {
    ignores: ['dist/**', 'node_modules/**', 'test-results/**', 'bench-results/**', 'src/core/schema/*.json'],
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    extends: [reactHooks.configs.flat.recommended],
  },
  {
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: 'module',
      globals: { ...globals.node },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
  },
  ...Array.from({ length: 8 }, (_, depth) => coreBoundary(depth)),
);
