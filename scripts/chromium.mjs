// The one place that says how Peek's tests and benchmarks start Chromium:
// Debian's build, as root, headless, with no GPU and no calls home
// (without the networking flags it keeps trying to reach Google's hosts).

/** Path of the Chromium binary; CHROME_PATH overrides it. */
export const CHROMIUM = process.env.CHROME_PATH ?? '/usr/bin/chromium';

/** Command-line flags for every Chromium that Peek's tooling launches. */
export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--headless',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];
