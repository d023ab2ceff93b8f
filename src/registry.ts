/**
 * The page's custom element registry, guarded. A server-side import
 * (Node, as SSR frameworks do) may have none: then registering is a
 * no-op rather than a ReferenceError, and nothing else starts either.
 */

/** Whether this realm has a custom element registry. */
export function hasRegistry(): boolean {
  return typeof customElements !== 'undefined';
}

/**
 * Whether `tag` can be defined here: there is a registry and no other
 * class (a second copy of Peek, say) holds the tag already.
 */
export function tagIsFree(tag: string): boolean {
  return hasRegistry() && !customElements.get(tag);
}
