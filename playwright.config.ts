/**
 * End-to-end tests of what a person does, against the built app (vite build + vite preview, with the COOP/COEP
 * headers from vite.config.ts). Chromium comes from Debian (/usr/bin/chromium or CHROMIUM_PATH); browsers are
 * never downloaded. Tests never reach the internet: tests/e2e/support/test.ts blocks every external host and
 * answers TMDB image requests with generated posters.
 */
import { defineConfig, devices } from '@playwright/test';
import { chromiumLaunchOptions } from './tests/support/chromium';
import { MAIN_THREAD_TAG, type TestOptions } from './tests/e2e/support/cpu.ts';
import { autoTrainOff } from './tests/e2e/support/train';

// MARQUEE_E2E_PORT lets several checkouts run their end-to-end tests side by side.
const port = Number(process.env.MARQUEE_E2E_PORT ?? 4173);

export default defineConfig<TestOptions>({
  testDir: 'tests/e2e',
  // Prints the Chromium version and a calibration loop's time first, so a failure can be read against the machine.
  globalSetup: './tests/e2e/support/global-setup.ts',
  outputDir: 'test-results/e2e',
  // Training saturates the worker pool; on a small machine two fits at once make both slow and flaky.
  workers: 1,
  fullyParallel: false,
  forbidOnly: Boolean(process.env.CI),
  retries: process.env.CI ? 1 : 0,
  timeout: 180_000,
  expect: { timeout: 30_000 },
  reporter: process.env.CI ? [['list'], ['html', { open: 'never' }]] : 'list',
  use: {
    baseURL: `http://localhost:${port}`,
    trace: 'retain-on-failure',
    serviceWorkers: 'block',
    // Specs press Train with their own settings: a fit started by itself would race them (see support/train.ts).
    storageState: autoTrainOff(`http://localhost:${port}`),
  },
  projects: [
    {
      name: 'chromium',
      use: {
        ...devices['Desktop Chrome'],
        launchOptions: chromiumLaunchOptions,
      },
    },
    {
      // The tests that bound main-thread work (tagged @main-thread) again, with the page's CPU 3x slower: a slower
      // machine than this one must not fail them. `npx playwright test --project chromium-cpu-3x` runs these alone.
      name: 'chromium-cpu-3x',
      grep: new RegExp(MAIN_THREAD_TAG),
      use: {
        ...devices['Desktop Chrome'],
        launchOptions: chromiumLaunchOptions,
        cpuSlowdown: 3,
      },
    },
  ],
  webServer: {
    command: `npx vite build && npx vite preview --port ${port} --strictPort`,
    url: `http://localhost:${port}`,
    reuseExistingServer: !process.env.CI,
    timeout: 240_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
