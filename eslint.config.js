// Lint: typescript-eslint's recommended rules on every TypeScript file; prettier owns the layout.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', '.bench-out/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      // `_`-prefixed names mark a position an interface imposes; `const { dropped, ...rest } = x` omits a key.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      // `any` appears only where the code reads JSON a schema has already checked, or mirrors a library's own
      // `any` (json-rules-engine operator callbacks, ajv error params); everything else is strict TypeScript.
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
);
