/**
 * A second gradient worker for the trainer: receives weights and half a
 * batch, answers with the loss and gradients. Runs in a worker thread so
 * the machine's second core does half the work.
 */
import {parentPort} from 'node:worker_threads';
import type {GPTConfig} from '../config.js';
import {TrainEngine} from './engine.js';
import {initTf} from './tfjs-node.js';

export interface WorkerStep {
  params: Float32Array[];
  x: Int32Array;
  y: Int32Array;
  batch: number;
  dropout: number;
  seed: number;
}

let engine: TrainEngine | undefined;

parentPort?.on('message', async (msg: {init?: GPTConfig; step?: WorkerStep}) => {
  try {
    if (msg.init) {
      await initTf('wasm');
      engine = new TrainEngine(msg.init);
      parentPort!.postMessage({ready: true});
      return;
    }
    const s = msg.step!;
    engine!.setWeights(s.params);
    const {loss, grads} = engine!.gradients(s.x, s.y, s.batch, s.dropout, s.seed);
    parentPort!.postMessage({loss, grads}, grads.map((g) => g.buffer as ArrayBuffer));
  } catch (e) {
    parentPort!.postMessage({error: String((e as Error).stack ?? e)});
  }
});
