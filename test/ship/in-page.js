// Runs inside the page under test (plain JS: it is injected as source, so
// no TypeScript helpers leak into it). Defines window.peekShip.
(() => {
  const key = (d, i) =>
    ((d[i] >> 4) << 12) | ((d[i + 1] >> 4) << 8) | ((d[i + 2] >> 4) << 4) |
    (d[i + 3] >> 4);

  /** How much of a canvas is drawn: share of non-background pixels. */
  function canvasInk(canvas) {
    const { width, height } = canvas;
    if (width === 0 || height === 0) {
      return { width, height, ink: 0, colours: 0 };
    }
    const d = canvas.getContext('2d').getImageData(0, 0, width, height).data;
    const counts = new Map();
    for (let i = 0; i < d.length; i += 4) {
      const k = key(d, i);
      counts.set(k, (counts.get(k) ?? 0) + 1);
    }
    let background = 0;
    for (const n of counts.values()) background = Math.max(background, n);
    const pixels = width * height;
    return {
      width,
      height,
      ink: 1 - background / pixels,
      colours: [...counts.values()].filter((n) => n >= 3).length,
    };
  }

  function state(el) {
    const root = el.shadowRoot;
    if (!root) return 'undefined';
    if (root.querySelector('.state.error')) return 'error';
    if (root.querySelector('.state')) return 'loading';
    return root.childElementCount > 0 ? 'ready' : 'empty';
  }

  const frames = () =>
    new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));

  window.peekShip = {
    state,
    states: (selector) => [...document.querySelectorAll(selector)].map(state),
    frames,
    inspect(el) {
      const root = el.shadowRoot;
      const canvases = [...root.querySelectorAll('canvas')].map(canvasInk);
      const svg = root.querySelector('svg');
      return {
        tag: el.localName,
        state: state(el),
        error: root.querySelector('.state.error')?.textContent?.trim(),
        text: root.textContent.replace(/\s+/g, ' ').trim(),
        canvases,
        // The largest canvas is the picture; the rest are legends.
        bestCanvas: canvases.reduce(
          (best, c) =>
            c.width * c.height > best.width * best.height ? c : best,
          { ink: 0, colours: 0, width: 0, height: 0 },
        ),
        svgShapes: svg
          ? svg.querySelectorAll('text, circle, path, line, rect').length
          : 0,
        svgGlyphs: svg ? svg.querySelectorAll('text').length : 0,
      };
    },
  };
})();
