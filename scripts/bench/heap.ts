/** JS heap readings in Node, after a full garbage collection. */
import {setFlagsFromString} from 'node:v8';
import {runInNewContext} from 'node:vm';

let gcFn: (() => void) | undefined;

/** A full garbage collection, so heap readings compare live data only. */
export function collectGarbage(): void {
  if (!gcFn) {
    // Exposes gc() to a fresh context without a command-line flag.
    setFlagsFromString('--expose-gc');
    gcFn = runInNewContext('gc') as () => void;
  }
  gcFn();
  gcFn();
}

/** JS heap in use after a full collection, in bytes. */
export function liveHeap(): number {
  collectGarbage();
  return process.memoryUsage().heapUsed;
}
