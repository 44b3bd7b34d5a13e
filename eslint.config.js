// Type-aware rules are left out on purpose: they need the compiler's JS API on
// every run and double lint time on a 2-core machine; tsc --noEmit covers types.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

// Rights in one place (issue 9): a service asks can() / authorize() / listingScope() from
// @jir/rules, never reads roles itself. A local rule, because no-restricted-syntax belongs to
// the block above and flat config would let one block's options replace the other's.
const ROLE_LIST_METHODS = new Set(['includes', 'some', 'every', 'indexOf', 'find', 'filter']);
const rights = {
  rules: {
    'no-hand-role-checks': {
      meta: {
        type: 'problem',
        docs: { description: 'forbid reading actor.roles by hand; ask can() in @jir/rules' },
        schema: [],
      },
      create(context) {
        return {
          MemberExpression(node) {
            const o = node.object;
            if (
              o.type === 'MemberExpression' &&
              !o.computed &&
              o.property.name === 'roles' &&
              !node.computed &&
              ROLE_LIST_METHODS.has(node.property.name)
            )
              context.report({
                node,
                message: `Role checks by hand (roles.${node.property.name}) are forbidden: add a grant in @jir/rules and ask can(), authorize() or listingScope().`,
              });
          },
        };
      },
    },
  },
};

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '**/.turbo/**', '.local/**', '.data/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': ['error', { allow: ['error'] }],
    },
  },
  {
    // Migrations are written against Kysely<any> (DESIGN.md): they must not follow later type changes.
    files: ['**/migrations/**', '**/*migrations.ts', '**/test/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['**/bin/**', 'bench/**', 'scripts/**'],
    rules: { 'no-console': 'off' },
  },
  {
    // One way to write an event and one way to refuse (issue 9): in a unit of work, w.emit()
    // (or emitEvent in a transaction) for events, outboxRow only inside a single-statement CTE;
    // problem() for every refusal. The others stay in the kit for its own use.
    files: ['apps/**/src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: '@jir/service-kit',
              importNames: ['appendEvent', 'refusal'],
              message: 'Emit events with w.emit() in a UnitOfWork (or emitEvent); refuse with problem().',
            },
          ],
        },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "NewExpression[callee.name='ProblemError']",
          message: 'Refuse with problem(code) or problem({ status, code, message }).',
        },
      ],
    },
  },
  {
    // Rights in one place, and services that never import one another (issue 9, DESIGN.md).
    files: ['apps/**/src/**/*.ts'],
    plugins: { rights },
    rules: {
      'rights/no-hand-role-checks': 'error',
      // The typescript-eslint twin, so that the block above keeps its no-restricted-imports.
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '@jir/intake',
                '@jir/intake/*',
                '@jir/evidence-storage',
                '@jir/evidence-storage/*',
                '@jir/deadline-monitor',
                '@jir/deadline-monitor/*',
                '@jir/reporting',
                '@jir/reporting/*',
                '@jir/web',
                '@jir/web/*',
                '**/apps/**',
                '**/intake/src/**',
                '**/evidence-storage/src/**',
                '**/deadline-monitor/src/**',
                '**/reporting/src/**',
                '**/web/src/**',
              ],
              message:
                'A service never imports another app: share through @jir/contracts (schemas, events) or @jir/rules.',
            },
          ],
        },
      ],
    },
  },
);
