import type {ModelData} from '../model/format.js';
import type {Tokenizer} from '../model/tokenizer.js';
import {
  backendEvents,
  runningBackend,
  startBackend,
  type BackendSwitch,
} from './backend.js';
import {backendLabel} from './backend-notes.js';
import {PeekError, toPeekError} from './errors.js';
import {Inference} from './inference.js';
import {fetchModel, type LoadProgress} from './loader.js';
import {nextTask} from './next-task.js';
import {peekOptions} from './options.js';

/** The model every Peek element on the page shares. */
export interface PeekModel {
  /** Config, vocabulary, raw weights and training metadata. */
  readonly data: ModelData;
  readonly tokenizer: Tokenizer;
  /** Runs forward passes and returns traces. */
  readonly inference: Inference;
  /** The tfjs backend in use; it changes if a lost one is replaced. */
  readonly backend: string;
  /** The manifest URL it came from. */
  readonly url: string;
}

/** Where the shared model is in its life. */
export type ModelStatus =
  | {state: 'idle'}
  | {state: 'loading'; progress: LoadProgress | undefined}
  | {state: 'ready'; model: PeekModel}
  | {state: 'error'; error: PeekError};

/**
 * Fires `status` events (detail: ModelStatus) as the shared model loads,
 * fails or becomes ready. Elements listen here to draw progress. Fires
 * `backend` (detail: {from, to, reason}) when the running tfjs backend
 * was lost (a WebGL context loss) and the model moved to another; the
 * model stays the same and work in flight is redone there.
 */
export const modelEvents = new EventTarget();

backendEvents.addEventListener('switch', (e) =>
  modelEvents.dispatchEvent(
    new CustomEvent<BackendSwitch>('backend', {
      detail: (e as CustomEvent<BackendSwitch>).detail,
    })
  )
);

// The running backend was lost and no other could start: the model is
// gone with it, and every element should say so.
backendEvents.addEventListener('failed', (e) => {
  const {from, reason, error} = (e as CustomEvent).detail;
  setStatus({
    state: 'error',
    error: new PeekError(
      'backend',
      `${backendLabel(from, true)} ${reason}, and no other backend ` +
        'could start.',
      error
    ),
  });
});

let status: ModelStatus = {state: 'idle'};
let pending: Promise<PeekModel> | undefined;
/** The model of the last load that succeeded. */
let current: PeekModel | undefined;

/** The shared model's current status. */
export function modelStatus(): ModelStatus {
  return status;
}

function setStatus(next: ModelStatus): void {
  status = next;
  modelEvents.dispatchEvent(new CustomEvent('status', {detail: next}));
}

/**
 * The page's shared model, loading it on first call. However many
 * elements ask, the files are fetched once. After a failure the next call
 * tries again.
 */
export function loadModel(): Promise<PeekModel> {
  if (!pending) {
    const next = load(peekOptions().modelUrl);
    pending = next;
    next.then(retire, () => {
      if (pending === next) pending = undefined; // let a later call retry
    });
  }
  return pending;
}

/**
 * Drops the shared model and loads the one `configurePeek` now points
 * at. Elements listening to `modelEvents` redraw when it is ready.
 */
export function reloadModel(): Promise<PeekModel> {
  pending = undefined;
  return loadModel();
}

/**
 * Frees the model that `model` replaces, once `model` is ready: also
 * after a reload that failed in between, whose error the elements
 * showed while the last good model was still held.
 */
function retire(model: PeekModel): void {
  const old = current;
  current = model;
  if (old && old !== model) old.inference.dispose();
}

async function load(url: string): Promise<PeekModel> {
  setStatus({state: 'loading', progress: undefined});
  try {
    const [backend, data] = await Promise.all([
      startBackend().catch((e) => {
        throw new PeekError('backend', (e as Error).message, e);
      }),
      fetchModel(url, (progress) =>
        setStatus({state: 'loading', progress})
      ),
    ]);
    // Decoding, folding and uploading, packing the kernels and the
    // elements' first draw run in tasks of their own (the first two in
    // pieces of a few ms): one task for all of it kept the page from
    // responding for ~300 ms.
    await nextTask();
    const inference = await Inference.create(data);
    await inference.warmUp().catch((e) => {
      inference.dispose();
      throw e;
    });
    await nextTask();
    const model: PeekModel = {
      data,
      tokenizer: inference.tokenizer,
      inference,
      get backend() {
        return runningBackend() ?? backend;
      },
      url,
    };
    setStatus({state: 'ready', model});
    return model;
  } catch (e) {
    const error = toPeekError(e);
    setStatus({state: 'error', error});
    throw error;
  }
}
