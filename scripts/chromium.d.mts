/** Path of the Chromium binary; CHROME_PATH overrides it. */
export declare const CHROMIUM: string;
/** Command-line flags for every Chromium that Peek's tooling launches. */
export declare const CHROMIUM_FLAGS: string[];
