import { defineConfig } from 'vitest/config';

// `npm run test:e2e`: browser tests against `npm start`'s stack; not part of `npm test`.
export default defineConfig({
  test: {
    name: 'e2e',
    include: ['tests/e2e/**/*.e2e.ts'],
    testTimeout: 90_000,
    hookTimeout: 180_000,
  },
});
