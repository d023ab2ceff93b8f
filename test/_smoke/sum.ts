/** Adds two numbers; exists only so the smoke tests test real code. */
export function sum(a: number, b: number): number {
  return a + b;
}
