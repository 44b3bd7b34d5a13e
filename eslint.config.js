// Type-aware rules are left out on purpose: they need the compiler's JS API on
// every run and double lint time on a 2-core machine; tsc --noEmit covers types.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

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
);
