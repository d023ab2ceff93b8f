import {configurePeek, peekOptions} from '../../src/options.js';
import {loadModel, modelStatus, reloadModel} from '../../src/store.js';

/**
 * Switches the page's one model for stories that show another (a
 * training checkpoint), and back. Storybook keeps one page for every
 * story, and every element on it shares the model `configurePeek`
 * names, so a story that changes it must put it back: `useHomeModel`
 * returns to the model configured before the first switch.
 *
 * One switch runs at a time and the latest request wins: a load still
 * under way (an element's, or an earlier switch's) finishes before the
 * next starts, so loads never race to be shown, and a reader clicking
 * through checkpoints loads the last one clicked, not each in turn.
 */

/** The model URL configured before the first switch. */
let home: string | undefined;
/** The URL asked for most recently and not yet acted on. */
let wanted: string | undefined;
let running: Promise<void> | undefined;

/**
 * Makes `url` the page's model. Resolves once it is loaded or failed
 * (failures reach the elements and `modelEvents`), or once a later
 * request has taken over.
 */
export function useModel(url: string): Promise<void> {
  home ??= peekOptions().modelUrl;
  wanted = url;
  running ??= pump().finally(() => (running = undefined));
  return running;
}

/** Puts back the model the page had before any switch; else a no-op. */
export function useHomeModel(): Promise<void> {
  return home === undefined ? Promise.resolve() : useModel(home);
}

/** The model URL the page is on or heading to. */
export function targetModel(): string {
  return wanted ?? peekOptions().modelUrl;
}

async function pump(): Promise<void> {
  while (wanted !== undefined) {
    if (modelStatus().state === 'loading') {
      await loadModel().catch(() => undefined);
      continue; // the wish may have changed meanwhile
    }
    const url = wanted;
    wanted = undefined;
    if (!needsLoad(url)) continue;
    configurePeek({modelUrl: url});
    if (modelStatus().state === 'idle') continue; // the first element loads it
    await reloadModel().catch(() => undefined);
  }
}

/** Whether the page's model is not already `url` (or failing at it). */
function needsLoad(url: string): boolean {
  const s = modelStatus();
  if (s.state === 'ready') return s.model.url !== url;
  // Asked again for a model that failed: try again.
  return peekOptions().modelUrl !== url || s.state === 'error';
}
