/**
 * TensorFlow.js keeps its engine, flags and kernel registry on the global
 * object. When another copy of it already runs on the page (a second
 * copy of Peek, such as the script-tag bundle beside an app's npm build,
 * or the page's own tfjs), this copy's kernels and backends replace the
 * same ones there, and tfjs warns for each: over three hundred console
 * lines. Imported first by backend.ts, so it runs before this copy of
 * tfjs loads: it turns tfjs's logging off (the PROD flag, which gates
 * only logging) until endQuietRegistration() puts it back.
 */

interface TfEnvironment {
  getBool(flag: string): boolean;
  set(flag: string, value: boolean): void;
}

const shared = (globalThis as {_tfengine?: {ENV?: TfEnvironment}})._tfengine
  ?.ENV;
const muted = shared !== undefined && !shared.getBool('PROD');
if (muted) shared.set('PROD', true);

/** Gives tfjs its logging back, once this copy has registered. */
export function endQuietRegistration(): void {
  if (muted) shared!.set('PROD', false);
}
