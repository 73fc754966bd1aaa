import { defineConfig } from 'vitest/config'

// Two tiers: unit tests (*.test.ts) run in parallel and need no services; integration tests
// (*.int.test.ts) talk to the real local stack and run one file at a time so they do not
// fight over the same Postgres, Kafka and MongoDB.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: ['test/**/*.int.test.ts', 'node_modules/**'],
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/**/*.int.test.ts'],
          fileParallelism: false,
          testTimeout: 180_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
})
