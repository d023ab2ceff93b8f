/**
 * tfjs's WebGL backend, loaded the first time Peek tries it. It is about
 * 75 KB gzipped, and by default Peek reaches it only if WebAssembly
 * cannot start, so an app's bundler puts it in a chunk of its own that
 * most pages never fetch. (The script-tag bundle resolves the package to
 * an empty module: there WebGL is simply not registered.)
 */
import * as tf from '@tensorflow/tfjs-core';
import {setUpRunningKernels} from './running-kernels.js';

let loading: Promise<unknown> | undefined;

/** Imports and registers the WebGL backend, once per page. */
export function loadWebglBackend(): Promise<unknown> {
  loading ??= importWebgl();
  return loading;
}

async function importWebgl(): Promise<unknown> {
  // Another copy of tfjs on the page registered it already (see
  // quiet-second-copy.ts): registering it again would print a warning
  // per kernel and flag, so keep tfjs's logging off meanwhile.
  if (!tf.findBackendFactory('webgl')) {
    return import('@tensorflow/tfjs-backend-webgl');
  }
  const env = tf.env();
  const quiet = env.getBool('PROD');
  env.set('PROD', true);
  try {
    const webgl = await import('@tensorflow/tfjs-backend-webgl');
    setUpRunningKernels(); // if that copy's WebGL is running
    return webgl;
  } finally {
    env.set('PROD', quiet);
  }
}
