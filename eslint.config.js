// Flat config: the recommended JS and TypeScript rules, not type-aware, so `npm run lint` stays fast.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const nodeAndBrowserGlobals = Object.fromEntries(
  [
    'process', 'console', 'Buffer', 'URL', 'URLSearchParams', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval',
    'setImmediate', 'performance', 'fetch', 'AbortController', 'structuredClone', 'TextEncoder', 'TextDecoder', 'Blob',
    'window', 'document', 'localStorage', 'navigator',
  ].map((name) => [name, 'readonly']),
);

export default tseslint.config(
  {
    ignores: ['node_modules/', 'dist/', 'drizzle/', 'data/', '.tmp/', 'web/src/api/schema.d.ts', 'bench/results/', 'e2e/artifacts/', 'coverage/'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: nodeAndBrowserGlobals },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
);
