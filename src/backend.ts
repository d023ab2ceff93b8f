// First, before tfjs loads: see quiet-second-copy.ts.
import {endQuietRegistration} from './quiet-second-copy.js';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import {setWasmPaths} from '@tensorflow/tfjs-backend-wasm';
import {peekOptions} from './options.js';
import {backendLabel, wasmRefusal} from './backend-notes.js';
import {setUpRunningKernels} from './running-kernels.js';
import {loadWebglBackend} from './webgl-backend.js';

endQuietRegistration();
setUpRunningKernels();

/** A backend that was passed over or stopped, and why, for the UI. */
export interface RefusedBackend {
  name: string;
  /** Completes "WebAssembly ...": "could not start", for instance. */
  reason: string;
}

/** Detail of the `switch` event: one backend stopped, another took over. */
export interface BackendSwitch {
  from: string;
  to: string;
  /** Completes "WebGL ...", e.g. "stopped working (its context was lost)". */
  reason: string;
}

/**
 * Fires `switch` (detail: BackendSwitch) when the running backend is
 * lost (a WebGL context loss) and the next one has started, or `failed`
 * (detail: {from, reason, error}) when none of the rest could start.
 */
export const backendEvents = new EventTarget();

/** Backends that were tried and refused or lost, in order. */
export const refusedBackends: RefusedBackend[] = [];

let chosen: Promise<string> | undefined;
/** While a lost backend is being replaced, the replacement. */
let replacing: Promise<string> | undefined;
let running: string | undefined;
/** Bumped on every switch: work begun under an older value is redone. */
let generation = 0;
/** Calls in flight, told when the running backend is lost. */
const lossWaiters = new Set<() => void>();
/** The most recent backend lost while running. */
let lastLoss: RefusedBackend | undefined;

/**
 * Starts the first backend in `peekOptions().backends` that works and
 * returns its name. wasm is first by default: for a model this small it
 * beats WebGL, whose per-op overhead and read-backs dominate.
 * Runs once per page; later calls share the result. While a lost backend
 * is being replaced, this is the replacement.
 */
export function startBackend(): Promise<string> {
  chosen ??= pickBackend(peekOptions().backends);
  return chosen;
}

/** Bumped each time a lost backend is replaced. */
export function backendGeneration(): number {
  return generation;
}

/** The backend running now, once one has started. */
export function runningBackend(): string | undefined {
  return running;
}

async function pickBackend(names: readonly string[]): Promise<string> {
  const {wasmDir} = peekOptions();
  for (const name of names) {
    if (refusedBackends.some((r) => r.name === name)) continue;
    try {
      if (name === 'wasm') {
        // Asking first spares the page tfjs's half-dozen warnings (one
        // of them misleadingly about the .wasm file's URL).
        const refusal = wasmRefusal();
        if (refusal) {
          refusedBackends.push({name, reason: refusal});
          continue;
        }
        // Single-threaded: the threaded build needs cross-origin
        // isolation and breaks on pages that have it half set up.
        setWasmPaths(wasmDir);
        tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
      }
      // Only now: most pages never get this far down the list.
      if (name === 'webgl') await loadWebglBackend();
      // setBackend resolves false (not throws) when set-up failed, and
      // getBackend() may still name the failed one, so trust the boolean.
      if (await tf.setBackend(name)) {
        await tf.ready();
        running = name;
        watchForLoss(name);
        return name;
      }
      refusedBackends.push({name, reason: 'could not start'});
    } catch (e) {
      const why = String((e as Error).message ?? e);
      refusedBackends.push({name, reason: `could not start (${why})`});
    }
  }
  throw new Error(
    `No tfjs backend could start (tried ${names.join(', ') || 'none'}).`
  );
}

/** The WebGL context of the webgl backend, if that is what runs. */
function webglContext(): WebGLRenderingContext | undefined {
  if (running !== 'webgl') return undefined;
  const backend = tf.findBackend('webgl') as unknown as {
    gpgpu?: {gl?: WebGLRenderingContext};
  } | null;
  return backend?.gpgpu?.gl;
}

/**
 * A WebGL context can be lost at any time (GPU reset, too many contexts,
 * the WEBGL_lose_context extension). tfjs's webgl backend does not come
 * back from it: its reads never settle. So listen for the loss and move
 * to the next backend in the list.
 */
function watchForLoss(name: string): void {
  const canvas = webglContext()?.canvas;
  if (!canvas) return;
  canvas.addEventListener(
    'webglcontextlost',
    () => replaceLost(name, 'stopped working (its context was lost)'),
    {once: true}
  );
}

function replaceLost(name: string, reason: string): void {
  if (running !== name) return;
  stopPolling(name);
  lastLoss = {name, reason};
  refusedBackends.push(lastLoss);
  running = undefined;
  generation++;
  const remaining = peekOptions().backends.filter((b) => b !== name);
  const next = pickBackend(remaining);
  chosen = replacing = next;
  next.then(
    (to) => {
      if (replacing === next) replacing = undefined;
      backendEvents.dispatchEvent(
        new CustomEvent<BackendSwitch>('switch', {
          detail: {from: name, to, reason},
        })
      );
    },
    // A failed replacement stays in `replacing`: every later call fails
    // with its error instead of running on the dead backend.
    (error) =>
      backendEvents.dispatchEvent(
        new CustomEvent('failed', {detail: {from: name, reason, error}})
      )
  );
  for (const wake of lossWaiters) wake();
}

/**
 * tfjs polls a lost context's fences forever (a setTimeout loop), waiting
 * for reads that will never finish. Nothing will read them now: drop them
 * so the loop ends. (tfjs-backend-webgl 4.22, gpgpu_context.ts pollItems.)
 */
function stopPolling(name: string): void {
  const backend = tf.findBackend(name) as unknown as {
    gpgpu?: {itemsToPoll?: unknown[]};
  } | null;
  if (backend?.gpgpu?.itemsToPoll) backend.gpgpu.itemsToPoll = [];
}

/**
 * Runs `work` on the running backend and returns its result. If that
 * backend is lost meanwhile, `work` is abandoned (its reads would never
 * settle) and run again on the replacement. `work` gets the backend's
 * generation, to re-upload what it keeps there when that changes.
 */
export async function onLiveBackend<T>(
  work: (generation: number) => Promise<T>
): Promise<T> {
  for (;;) {
    if (replacing) await replacing;
    const gen = generation;
    const isCurrent = () =>
      gen === generation && !webglContext()?.isContextLost();
    // A waiter per call, dropped after it: a promise shared by every call
    // would gather one reaction per call for as long as nothing is lost.
    let seen!: () => void;
    const lostHere = new Promise<void>((resolve) => (seen = resolve));
    lossWaiters.add(seen);
    try {
      try {
        const run = work(gen);
        run.catch(() => undefined); // an abandoned run fails quietly
        const out = await Promise.race([
          run.then((value) => ({value})),
          lostHere,
        ]);
        if (out && isCurrent()) return out.value;
      } catch (e) {
        if (isCurrent()) throw e;
      }
      // Lost while running: once the loss is handled (replacing is set;
      // see the top), run again.
      await lostHere;
    } finally {
      lossWaiters.delete(seen);
    }
  }
}

/**
 * A sentence on why Peek is not on the first backend it asked for, for
 * the elements to show; undefined when it is.
 */
export function backendNote(): string | undefined {
  if (!running) return undefined;
  const now = backendLabel(running);
  if (lastLoss) {
    return (
      `${backendLabel(lastLoss.name, true)} ${lastLoss.reason}; ` +
      `Peek now runs on ${now}.`
    );
  }
  const order = peekOptions().backends;
  const better = refusedBackends.filter(
    (r) => order.indexOf(r.name) < order.indexOf(running!)
  );
  if (better.length === 0) return undefined;
  const why = better
    .map((r) => `${backendLabel(r.name, true)} ${r.reason}`)
    .join('; ');
  return `Running on ${now}: ${why}.`;
}
