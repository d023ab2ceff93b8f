import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-webgl';
import {setWasmPaths} from '@tensorflow/tfjs-backend-wasm';
import {peekOptions} from './options.js';

let chosen: Promise<string> | undefined;

/**
 * Starts the first backend in `peekOptions().backends` that works and
 * returns its name. wasm is first by default: for a model this small it
 * beats WebGL, whose per-op overhead and read-backs dominate.
 * Runs once per page; later calls share the result.
 */
export function startBackend(): Promise<string> {
  chosen ??= pickBackend();
  return chosen;
}

/** Backends that were tried and refused, with why, for the UI. */
export const refusedBackends: {name: string; reason: string}[] = [];

async function pickBackend(): Promise<string> {
  const {backends, wasmDir} = peekOptions();
  for (const name of backends) {
    try {
      if (name === 'wasm') {
        // Single-threaded: the threaded build needs cross-origin
        // isolation and breaks on pages that have it half set up.
        setWasmPaths(wasmDir);
        tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
      }
      // setBackend resolves false (not throws) when set-up failed, and
      // getBackend() may still name the failed one, so trust the boolean.
      if (await tf.setBackend(name)) {
        await tf.ready();
        return name;
      }
      refusedBackends.push({name, reason: 'failed to start'});
    } catch (e) {
      refusedBackends.push({name, reason: String((e as Error).message ?? e)});
    }
  }
  throw new Error(
    `No tfjs backend could start (tried ${backends.join(', ')}).`
  );
}
