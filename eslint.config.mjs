// Lint: typescript-eslint's type-aware recommended rules over the sources, screens, tests and benchmarks.
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'test/support/vcsim/bin/'] },
  eslint.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // Lazy loading (start-up time) and generated code use require() on purpose.
      '@typescript-eslint/no-require-imports': 'off',
      // Unused code is an error (tsc checks locals and parameters too).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Control characters in regular expressions are how terminal text is cleaned.
      'no-control-regex': 'off',
      // A method that keeps an async signature for its interface (SampleSource.next) need not await.
      '@typescript-eslint/require-await': 'off',
      // `declare namespace` describes an API the TypeScript libs lack (WebAssembly).
      '@typescript-eslint/no-namespace': ['error', { allowDeclarations: true }],
      // node:test's test() returns a promise the runner itself awaits.
      '@typescript-eslint/no-floating-promises': ['error', { allowForKnownSafeCalls: [{ from: 'package', name: ['test', 'describe', 'it'], package: 'node:test' }] }],
    },
  },
  {
    // The CSV code compares bytes (numbers) with the const enums of csv-bytes.ts, which the compiler writes as literals.
    files: ['src/sources/capture/**/*.ts', 'src/output/batch-csv.ts'],
    rules: { '@typescript-eslint/no-unsafe-enum-comparison': 'off' },
  },
  {
    // Tests and benchmarks inspect parsed JSON and drive untyped widgets: the no-unsafe-* rules guard product code.
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      // Assertion messages may show arrays and values of any type.
      '@typescript-eslint/restrict-template-expressions': 'off',
    },
  },
  {
    files: ['**/*.mjs', 'bin/*'],
    ...tseslint.configs.disableTypeChecked,
  },
);
