/**
 * Lets a view follow a sampler (or any element firing `peek-step`):
 * `<peek-attention for="my-sampler">` redraws on the text of each step.
 */

/** What a source's `peek-step` event carries that followers use. */
export interface StepLike {
  /** The text the model read to make this step's choice. */
  context: string;
}

/** Something followers can ask for its current text. */
export interface TextSource extends Element {
  readonly currentText?: string;
}

/**
 * Calls `onText` with the source's current text now (if it exists), on
 * each of its steps, and when it goes back to its prompt (`peek-reset`,
 * whose detail also carries `context`). The source is found by id in the
 * follower's own document or shadow root, and may appear after the
 * follower does; of several elements with that id, the first in document
 * order is followed (the one getElementById finds).
 * Returns the unsubscribe call.
 */
export function followSource(
  follower: Element,
  sourceId: string,
  onText: (text: string) => void
): () => void {
  const root = follower.getRootNode() as Document | ShadowRoot;
  const source = root.getElementById?.(sourceId) as TextSource | null;
  if (typeof source?.currentText === 'string') onText(source.currentText);
  const handler = (e: Event) => {
    const origin = e.composedPath()[0];
    if (!origin || origin !== root.getElementById?.(sourceId)) return;
    const detail = (e as CustomEvent<StepLike>).detail;
    if (typeof detail?.context === 'string') onText(detail.context);
  };
  root.addEventListener('peek-step', handler);
  root.addEventListener('peek-reset', handler);
  // A typo in `for` would otherwise leave the view silently empty. The
  // source may be added a little later, so look again before warning.
  const check = setTimeout(() => {
    if (!root.getElementById?.(sourceId)) warnMissing(follower, sourceId);
  }, MISSING_SOURCE_GRACE_MS);
  return () => {
    clearTimeout(check);
    root.removeEventListener('peek-step', handler);
    root.removeEventListener('peek-reset', handler);
  };
}

/** How long a follower waits for its source to appear before warning. */
export const MISSING_SOURCE_GRACE_MS = 1500;

const warned = new WeakMap<Element, Set<string>>();

function warnMissing(follower: Element, sourceId: string): void {
  const ids = warned.get(follower) ?? new Set<string>();
  if (ids.has(sourceId)) return;
  ids.add(sourceId);
  warned.set(follower, ids);
  console.warn(
    `<${follower.localName}>: for="${sourceId}" names no element in ` +
      'this document; the view will stay empty until one with that id ' +
      'fires peek-step.',
    follower
  );
}

const sharedWarned = new WeakMap<Node, Set<string>>();

/**
 * Warns once per id and page (or shadow root) when a later element of
 * `source`'s kind shares its id with an earlier element: followers take
 * the first and would never move with the later one.
 */
export function warnSharedId(source: Element): void {
  const id = source.id;
  const root = source.getRootNode() as Document | ShadowRoot;
  if (!id || !root.querySelectorAll) return;
  const [first, ...rest] = root.querySelectorAll(`#${CSS.escape(id)}`);
  const ignored = rest.find((el) => el.localName === source.localName);
  const ids = sharedWarned.get(root) ?? new Set<string>();
  if (!ignored || ids.has(id)) return;
  ids.add(id);
  sharedWarned.set(root, ids);
  console.warn(
    `<${ignored.localName}>: id="${id}" is also the id of an earlier ` +
      `<${first.localName}> on this page. Views with for="${id}" follow ` +
      'the first one in document order and ignore this one; give each ' +
      'element its own id.',
    ignored
  );
}
