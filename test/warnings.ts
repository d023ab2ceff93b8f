/**
 * Records console.warn calls during each test of the calling suite and
 * keeps them off the console. Returns the list, emptied before each test
 * (the same array, so callers can hold on to it).
 */
export function captureWarnings(): unknown[][] {
  const warnings: unknown[][] = [];
  const realWarn = console.warn;
  beforeEach(() => {
    warnings.length = 0;
    console.warn = (...args: unknown[]) => warnings.push(args);
  });
  afterEach(() => {
    console.warn = realWarn;
  });
  return warnings;
}
