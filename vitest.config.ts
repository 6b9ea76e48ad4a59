import { defineConfig } from 'vitest/config';
import preact from '@preact/preset-vite';

const browserTests = ['**/*.browser.test.ts'];

export default defineConfig({
  plugins: [preact()],
  test: {
    exclude: ['node_modules/**', 'dist/**'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // expect.poll waits for what a busy machine does later (a socket answer, a paint): its own
    // default of 1 s is a flake on a loaded CI machine, not a finding.
    expect: { poll: { timeout: 10_000 } },
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['**/*.test.{ts,tsx}'], exclude: ['node_modules/**', 'dist/**', ...browserTests] },
      },
      {
        // Browser tests drive Chromium with focus and timing checks: on 2 cores they run one
        // file at a time, after the rest, so no other test starves them.
        extends: true,
        test: {
          name: 'browser',
          include: browserTests,
          exclude: ['node_modules/**', 'dist/**'],
          fileParallelism: false,
          testTimeout: 60_000,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
