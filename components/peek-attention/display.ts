/**
 * Calls `onChange` when the canvas should be redrawn for the screen: the
 * pixel ratio changed (zoom, a window moved to another monitor) or the
 * colour scheme flipped. Returns the call that stops watching.
 */
export function watchDisplay(onChange: () => void): () => void {
  let ratio: MediaQueryList | undefined;
  const onRatio = () => {
    watchRatio();
    onChange();
  };
  const watchRatio = () => {
    ratio?.removeEventListener('change', onRatio);
    ratio = matchMedia(`(resolution: ${devicePixelRatio || 1}dppx)`);
    ratio.addEventListener('change', onRatio);
  };
  watchRatio();
  const scheme = matchMedia('(prefers-color-scheme: dark)');
  scheme.addEventListener('change', onChange);
  return () => {
    ratio?.removeEventListener('change', onRatio);
    scheme.removeEventListener('change', onChange);
  };
}
