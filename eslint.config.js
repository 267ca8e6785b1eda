// ESLint flat config: @eslint/js + typescript-eslint recommended + react-hooks; the folders of
// src/ fenced as ARCHITECTURE.md's table says (src/core, pure TypeScript that runs in Node, a Web
// Worker and the page alike, imports nothing outside itself); no source file over 450 lines.
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/**
 * What each folder of src/ may import, as ARCHITECTURE.md's table says: a folder always reaches
 * its own files; `ui` and the files at the top of src/ other than cli.ts (main.tsx, test-hooks.ts:
 * the app's wiring) reach everything. `typesOnly` folders may import these only as types.
 */
const LAYERS = {
  core: { may: [] },
  scenarios: { may: ['core'], typesOnly: ['graph'] },
  i18n: { may: ['core'], typesOnly: ['graph'] },
  share: { may: ['core'], typesOnly: ['i18n'] },
  graph: { may: ['core', 'i18n'] },
  editor: { may: ['core'] },
  terminal: { may: ['core', 'i18n'] },
  store: { may: ['core', 'scenarios', 'i18n', 'share', 'graph', 'terminal'] },
};
const ROOT_FILES = { 'cli.ts': { may: ['core', 'i18n'] } };
const FOLDERS = [...Object.keys(LAYERS), 'ui'];

/** Packages that belong to the browser app, never to src/core. */
const UI_PACKAGES = {
  regex: '^(react|react-dom|zustand|cytoscape)(/.*)?$|^cytoscape-|^@codemirror/|^@xterm/',
  message: 'src/core is pure and runs in Node, a Worker and the page: no UI libraries here.',
};

/**
 * The import patterns that leave `layer` for a folder it may not reach, for a file `depth` folders
 * below it (0 = src/<layer>/*.ts; -1 = a file at the top of src/). A relative import reaches
 * src/<dir> with exactly depth+1 '../', so a folder inside a layer that happens to be named like
 * another layer (say src/core/graph) stays allowed.
 */
function leaving(layer, rule, depth) {
  const up = depth < 0 ? '\\./' : `(\\./)?(\\.\\./){${depth + 1}}`;
  const banned = FOLDERS.filter((d) => d !== layer && !rule.may.includes(d) && !(rule.typesOnly ?? []).includes(d));
  const where = depth < 0 ? `src/${layer}` : `src/${layer}/`;
  const allowed = [...rule.may, ...(rule.typesOnly ?? []).map((d) => `${d} (types only)`)];
  const message = `${where} may import only ${allowed.length ? allowed.join(', ') : 'its own files'} (ARCHITECTURE.md, the table of folders).`;
  const patterns = [];
  if (banned.length) patterns.push({ regex: `^${up}(${banned.join('|')})(/|$)|^(/?src/|@/|~/)(${banned.join('|')})(/|$)`, message });
  // The app's wiring at the top of src/ (main.tsx, test-hooks.ts) is for ui alone.
  if (depth >= 0) patterns.push({ regex: `^${up}[\\w-]+\\.tsx?$`, message });
  for (const d of rule.typesOnly ?? []) patterns.push({ regex: `^${up}${d}(/|$)`, message, allowTypeImports: true });
  if (layer === 'core') patterns.push(UI_PACKAGES);
  return patterns;
}

function fences() {
  const configs = [];
  for (const [layer, rule] of Object.entries(LAYERS))
    for (let depth = 0; depth < 8; depth++)
      configs.push({
        files: [`src/${layer}/${'*/'.repeat(depth)}*.{ts,tsx,js,mjs}`],
        rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns: leaving(layer, rule, depth) }] },
      });
  for (const [file, rule] of Object.entries(ROOT_FILES))
    configs.push({
      files: [`src/${file}`],
      rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns: leaving(file, rule, -1) }] },
    });
  return configs;
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
  {
    // One job per file: a file over 450 lines holds more than one.
    files: ['src/**/*.{ts,tsx}'],
    rules: { 'max-lines': ['error', { max: 450, skipBlankLines: false, skipComments: false }] },
  },
  ...fences(),
);
