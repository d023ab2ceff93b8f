/**
 * Linked views. Elements that share a group (a sampler's id, or the `for`
 * of the elements following it) highlight the same character position
 * when any of them is hovered or selected.
 *
 * Positions are code-point indices into the group's full text, so views
 * showing different windows of it still agree.
 */

export interface Highlight {
  group: string;
  /** Code-point index in the full text, or -1 for none. */
  position: number;
  /** The element that published it (it ignores its own messages). */
  source: EventTarget;
  /** true when clicked / chosen with the keyboard, false on hover. */
  selected: boolean;
}

const bus = new EventTarget();

/** Tells every element in the group which position to highlight. */
export function publishHighlight(h: Highlight): void {
  if (!h.group) return;
  bus.dispatchEvent(new CustomEvent<Highlight>('highlight', {detail: h}));
}

/** Listens for highlights of one group; returns the unsubscribe call. */
export function subscribeHighlight(
  group: () => string,
  self: EventTarget,
  listener: (h: Highlight) => void
): () => void {
  const handler = (e: Event) => {
    const h = (e as CustomEvent<Highlight>).detail;
    if (h.source !== self && h.group && h.group === group()) listener(h);
  };
  bus.addEventListener('highlight', handler);
  return () => bus.removeEventListener('highlight', handler);
}
