/**
 * Printed before the first test: the Chromium build and how fast this machine is right now (a fixed loop timed in
 * that Chromium, median of five), so a failure can be read in context. Nothing is asserted here.
 */
import { chromium } from '@playwright/test';
import { chromiumLaunchOptions } from '../../support/chromium';

export default async function globalSetup(): Promise<void> {
  const browser = await chromium.launch(chromiumLaunchOptions);
  try {
    const page = await browser.newPage();
    const timesMs = await page.evaluate(() => {
      const times: number[] = [];
      for (let run = 0; run < 5; run++) {
        const started = performance.now();
        // A fixed amount of integer work: 20 million xorshift32 steps.
        let x = 2463534242;
        let sum = 0;
        for (let i = 0; i < 20_000_000; i++) {
          x ^= x << 13;
          x ^= x >>> 17;
          x ^= x << 5;
          sum = (sum + (x >>> 0)) % 4294967291;
        }
        times.push(performance.now() - started + (sum === -1 ? 1 : 0)); // `sum` used: the loop is not dropped
      }
      return times;
    });
    const median = [...timesMs].sort((a, b) => a - b)[2];
    console.log(
      `Chromium ${browser.version()} (${chromiumLaunchOptions.executablePath}); calibration loop (20M xorshift ` +
        `steps): median ${median.toFixed(0)} ms of ${timesMs.map((ms) => ms.toFixed(0)).join(', ')}`,
    );
  } finally {
    await browser.close();
  }
}
