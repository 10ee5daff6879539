import { defineConfig } from 'vitest/config';

/** The Pulumi program's tests: the whole stack built against Pulumi's mocks, no cloud calls. */
export default defineConfig({
  test: {
    name: 'pulumi',
    include: ['tests/**/*.test.ts'],
    // The Pulumi runtime keeps its mock monitor and config in module state: one file per fresh worker.
    isolate: true,
    testTimeout: 20_000,
  },
});
