/**
 * How every test and benchmark launches Chromium: Debian's build (CHROMIUM_PATH or /usr/bin/chromium, never a
 * downloaded browser), headless, with the flags this machine's closed network needs.
 */
export const chromiumLaunchOptions = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
};
