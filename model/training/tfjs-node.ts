/**
 * tfjs set-up for Peek's Node tools: registers gradients and the wasm
 * backend, whose binaries are read from node_modules.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import '@tensorflow/tfjs-backend-cpu';
import {setWasmPaths} from '@tensorflow/tfjs-backend-wasm';
import {createRequire} from 'node:module';
import {dirname, join} from 'node:path';

/** Starts the wasm backend (or cpu when asked) and returns its name. */
export async function initTf(backend = 'wasm'): Promise<string> {
  if (backend === 'wasm') {
    // Resolve from this file (the bundle in node_modules/.cache/peek when
    // run through scripts/run-ts.mjs), so any working directory works.
    const from =
      typeof __filename === 'string'
        ? __filename
        : join(process.cwd(), 'package.json');
    const req = createRequire(from);
    const pkg = req.resolve('@tensorflow/tfjs-backend-wasm/package.json');
    setWasmPaths(join(dirname(pkg), 'dist') + '/');
  }
  const ok = await tf.setBackend(backend);
  if (!ok) throw new Error(`tfjs backend "${backend}" failed to start.`);
  await tf.ready();
  return tf.getBackend();
}
