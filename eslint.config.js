// Lint rules: ESLint's and typescript-eslint's recommended sets. Formatting is Prettier's job.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', 'bench/results/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  {
    // The console runs in a browser: its globals are the window's, and Node's are not there.
    files: ['console/src/**/*.{ts,tsx}'],
    languageOptions: { globals: globals.browser },
    rules: {
      'no-restricted-globals': ['error', 'process', 'Buffer', '__dirname', '__filename', 'require'],
    },
  },
  {
    // Every write goes through ctx.writes (src/db/writes.ts), which on SQLite commits the writes of
    // concurrent requests together: a write straight on ctx.db would escape that and the batch's
    // failure rules. Only the database layer itself opens transactions on the Kysely instance.
    files: ['src/**/*.ts'],
    ignores: ['src/db/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector:
            "MemberExpression[object.type='MemberExpression'][object.property.name='db'][property.name=/^(insertInto|updateTable|deleteFrom|replaceInto|mergeInto|transaction|schema)$/]",
          message: 'Write through ctx.writes (src/db/writes.ts), never straight on ctx.db.',
        },
      ],
    },
  },
);
