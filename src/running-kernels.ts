import * as tf from '@tensorflow/tfjs-core';

/**
 * Sets up the registered kernels of every backend that is already
 * running. tfjs sets a backend's kernels up once, when it starts (a wasm
 * kernel looks up its function in the wasm module then). A second copy
 * of tfjs on the page shares the first one's engine and kernel registry
 * (see quiet-second-copy.ts), and its registrations replace the running
 * backend's set-up kernels with ones never set up: the next op throws
 * "... is not a function". Whether that happened depended on which copy
 * loaded first and how fast the first copy's backend started. Setting a
 * kernel up again only looks its functions up again.
 */
export function setUpRunningKernels(): void {
  const {registry} = tf.engine();
  for (const [name, backend] of Object.entries(registry)) {
    for (const kernel of tf.getKernelsForBackend(name)) {
      kernel.setupFunc?.(backend);
    }
  }
}
