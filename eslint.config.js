// Lint: typescript-eslint's recommended rules (not the type-checked ones, to stay fast) plus
// Nara's import boundaries from CODE_STYLE.md, checked by a small local rule that resolves each
// relative import to a file path. (eslint-plugin-boundaries needs an import resolver that maps
// `./thing.js` to `thing.ts`; a path check is all these three rules need.)
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'eslint/config';
import { builtinRules } from 'eslint/use-at-your-own-risk';
import tseslint from 'typescript-eslint';

const root = path.dirname(fileURLToPath(import.meta.url));
const MODULES = path.join(root, 'src', 'modules');
const KERNEL = path.join(root, 'src', 'kernel');

/** `src/modules/<name>/...` -> `<name>`; undefined outside a module folder. */
function moduleOf(file) {
  const rel = path.relative(MODULES, file);
  if (rel.startsWith('..') || path.isAbsolute(rel)) return undefined;
  const parts = rel.split(path.sep);
  return parts.length > 1 ? parts[0] : undefined;
}

const isInside = (file, dir) => {
  const rel = path.relative(dir, file);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
};

/** The boundaries rule: kernel never imports a module; modules meet only through index.ts. */
const importBoundaries = {
  meta: {
    type: 'problem',
    docs: { description: 'Import boundaries between the kernel and modules (CODE_STYLE.md)' },
    messages: {
      kernelImportsModule: 'The kernel must not import a module ({{target}}). Pass what it needs in through the module manifest.',
      deepModuleImport:
        'Module "{{from}}" may import module "{{to}}" only through src/modules/{{to}}/index.ts, not {{target}}.',
    },
    schema: [],
  },
  create(context) {
    const filename = context.filename;
    const fromModule = moduleOf(filename);
    const inKernel = isInside(filename, KERNEL);
    const check = (node, specifier) => {
      if (typeof specifier !== 'string' || !specifier.startsWith('.')) return;
      const target = path.resolve(path.dirname(filename), specifier);
      const shown = path.relative(root, target);
      if (inKernel && isInside(target, MODULES)) {
        context.report({ node, messageId: 'kernelImportsModule', data: { target: shown } });
        return;
      }
      const toModule = moduleOf(target);
      if (!fromModule || !toModule || toModule === fromModule) return;
      const entry = path.join(MODULES, toModule, 'index');
      if (target.replace(/\.(js|ts|tsx)$/, '') !== entry) {
        context.report({ node, messageId: 'deepModuleImport', data: { from: fromModule, to: toModule, target: shown } });
      }
    };
    return {
      ImportDeclaration: (node) => check(node.source, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node.source, node.source.value),
      ExportAllDeclaration: (node) => check(node.source, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node.source, node.source.value),
    };
  },
};

// ESLint's own recommended rules, without needing the separate @eslint/js package.
const eslintRecommended = Object.fromEntries(
  [...builtinRules].filter(([, rule]) => rule.meta?.docs?.recommended).map(([name]) => [name, 'error']),
);

const nodeGlobals = Object.fromEntries(
  ['process', 'console', 'Buffer', 'URL', 'URLSearchParams', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'fetch', 'performance', 'structuredClone']
    .map((name) => [name, 'readonly']),
);

const browserGlobals = Object.fromEntries(
  ['window', 'document', 'navigator', 'location', 'HTMLElement', 'HTMLScriptElement', 'HTMLFormElement', 'Event', 'console', 'fetch', 'URL']
    .map((name) => [name, 'readonly']),
);

/** Files allowed to use Kysely's query builder and `sql`. */
const SQL_ALLOWED = ['**/*.repository.ts', 'src/kernel/db/**', 'src/seed/**', 'scripts/**', 'test/**', 'bench/**', '**/*.test.ts', '**/*.test.tsx'];

export default defineConfig(
  { ignores: ['node_modules/**', 'data/**', '.nara-test/**', 'coverage/**', 'dist/**', '**/*.min.js'] },
  { rules: eslintRecommended },
  tseslint.configs.recommended,
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    languageOptions: { globals: nodeGlobals },
  },
  {
    // Small scripts served to the browser.
    files: ['src/**/assets/**/*.js', 'src/**/assets/**/*.mjs'],
    languageOptions: { globals: browserGlobals },
  },
  {
    plugins: { nara: { rules: { 'import-boundaries': importBoundaries } } },
    rules: {
      'nara/import-boundaries': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  {
    files: ['src/**/*.ts', 'src/**/*.tsx'],
    ignores: SQL_ALLOWED,
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'kysely',
              message: 'Only *.repository.ts files and src/kernel/db/** use Kysely or `sql`. Call a repository instead.',
              allowTypeImports: true,
            },
          ],
        },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector:
            'CallExpression > MemberExpression.callee[property.name=/^(selectFrom|insertInto|updateTable|deleteFrom|mergeInto|replaceInto|selectNoFrom)$/]',
          message: 'Only *.repository.ts files and src/kernel/db/** build queries. Call a repository instead.',
        },
      ],
    },
  },
);
