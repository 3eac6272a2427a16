// ESLint with eslint-plugin-llm-core's no-unbounded-promise-all, the peer `npm run bench` compares us with on
// the same JavaScript and TypeScript files. Only that rule is on, so the comparison is rule against rule.
import tsParser from '@typescript-eslint/parser';
import llmCore from 'eslint-plugin-llm-core';

export default [
  {
    files: ['**/*.{js,mjs,cjs,jsx,ts,mts,cts,tsx}'],
    languageOptions: { parser: tsParser, ecmaVersion: 'latest', sourceType: 'module' },
    plugins: { 'llm-core': llmCore },
    rules: { 'llm-core/no-unbounded-promise-all': 'warn' },
  },
];
