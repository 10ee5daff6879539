import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/node_modules/', '**/dist/', '.data/', 'site/.astro/', 'test-results/', 'pulumi/bin/'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-syntax': [
        'error',
        { selector: "MemberExpression[object.name='process'][property.name='env']", message: 'Read configuration through infra/platform/config.ts.' },
      ],
    },
  },
  {
    // Configuration is parsed at the edge of each deployable; tests and tools may read the environment.
    files: ['infra/platform/config.ts', 'infra/local-host/**', 'infra/build/**', 'tests/**', 'pulumi/**', '*.config.ts', 'site/astro.config.*'],
    rules: { 'no-restricted-syntax': 'off' },
  },
);
