/**
 * The DOM-free helpers of <peek-attention>: keyboard moves, latest-wins
 * tracing, summaries, layout and the colour scale.
 */
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {interpolateViridis, rgb} from 'd3';
import {
  MASK_BG,
  matrixImage,
  rampPosition,
  weightRGB,
} from '../../components/peek-attention/colour.js';
import {
  cellLines,
  headSummary,
  topKeys,
  weightText,
} from '../../components/peek-attention/describe.js';
import {moveCell, moveQuery} from '../../components/peek-attention/keys.js';
import {LatestOnly} from '../../components/peek-attention/latest-only.js';
import {
  cellAt,
  heatmapLayout,
  labelStep,
} from '../../components/peek-attention/layout.js';
import {readOptions} from '../../components/peek-attention/read-options.js';

// A 3 x 3 attention matrix, row = query.
const W = new Float32Array([1, 0, 0, 0.25, 0.75, 0, 0.5, 0.1, 0.4]);
const CHARS = {
  chars: ['a', ' ', 'é'],
  unknown: [false, false, true],
  read: ['a', ' ', 'e'],
};

describe('moveCell', () => {
  it('moves by one, the key never past the query', () => {
    assert.deepEqual(moveCell({q: 5, k: 5}, 'ArrowUp', 10), {q: 4, k: 4});
    assert.deepEqual(moveCell({q: 5, k: 5}, 'ArrowRight', 10), {q: 5, k: 5});
    assert.deepEqual(moveCell({q: 5, k: 2}, 'ArrowLeft', 10), {q: 5, k: 1});
    assert.deepEqual(moveCell({q: 9, k: 0}, 'ArrowDown', 10), {q: 9, k: 0});
  });

  it('jumps with Home, End and the page keys', () => {
    assert.deepEqual(moveCell({q: 5, k: 2}, 'End', 10), {q: 5, k: 5});
    assert.deepEqual(moveCell({q: 5, k: 2}, 'Home', 10), {q: 5, k: 0});
    assert.deepEqual(moveCell({q: 5, k: 2}, 'PageUp', 10), {q: 0, k: 0});
    assert.deepEqual(moveCell({q: 5, k: 2}, 'PageDown', 10), {q: 9, k: 2});
  });

  it('ignores other keys', () => {
    assert.equal(moveCell({q: 1, k: 1}, 'a', 10), undefined);
    assert.equal(moveQuery(1, 'Tab', 10), undefined);
  });
});

describe('moveQuery', () => {
  it('moves the query and stays in range', () => {
    assert.equal(moveQuery(0, 'ArrowLeft', 5), 0);
    assert.equal(moveQuery(3, 'ArrowRight', 5), 4);
    assert.equal(moveQuery(3, 'End', 5), 4);
  });
});

describe('LatestOnly', () => {
  it('applies only the latest request, skipping those between', async () => {
    const runs: string[] = [];
    const applied: string[] = [];
    const pending: (() => void)[] = [];
    const queue = new LatestOnly<string, string>(
      (input) => {
        runs.push(input);
        return new Promise((resolve) => pending.push(() => resolve(input)));
      },
      (result) => applied.push(result),
      () => assert.fail('no run fails')
    );
    queue.request('A');
    queue.request('B'); // superseded while A runs
    queue.request('C');
    const idle = queue.idle();
    pending.shift()!(); // A finishes: stale, not applied
    await new Promise((r) => setTimeout(r));
    pending.shift()!(); // C finishes
    await idle;
    assert.deepEqual(runs, ['A', 'C']);
    assert.deepEqual(applied, ['C']);
  });

  it('reports a failure of the latest request only', async () => {
    const failed: unknown[] = [];
    const queue = new LatestOnly<string, string>(
      async (input) => {
        throw new Error(input);
      },
      () => assert.fail('nothing succeeds'),
      (e) => failed.push((e as Error).message)
    );
    queue.request('A');
    await queue.idle();
    assert.deepEqual(failed, ['A']);
  });

  it('applies nothing after cancel', async () => {
    const applied: string[] = [];
    const queue = new LatestOnly<string, string>(
      async (input) => input,
      (result) => applied.push(result),
      () => undefined
    );
    queue.request('A');
    queue.cancel();
    await queue.idle();
    assert.deepEqual(applied, []);
  });
});

describe('topKeys', () => {
  it('lists the strongest visible keys first', () => {
    assert.deepEqual(
      topKeys(W, 3, 2).map((t) => t.k),
      [0, 2, 1]
    );
  });
});

describe('headSummary', () => {
  it('names the head, the query and its strongest keys', () => {
    assert.equal(
      headSummary(1, 2, CHARS, W, 2),
      'Layer 1, head 2: for the last character "é", most attention on ' +
        '"a" (0.50), "é" (0.40), space (0.10).'
    );
  });
});

describe('cellLines', () => {
  it('gives the pair and the weight to 3 decimals', () => {
    assert.equal(cellLines(CHARS, W, 1, 0)[0], 'space → "a": 0.250');
  });

  it('calls a later key masked', () => {
    assert.match(cellLines(CHARS, W, 0, 2)[0], /masked$/);
  });

  it('says what an unknown character was read as', () => {
    assert.ok(cellLines(CHARS, W, 2, 2).some((l) => l.endsWith('"e"')));
  });

  it('shows a tiny weight in full', () => {
    assert.equal(weightText(0.00002), '0.000 (2.0e-5)');
    assert.equal(weightText(0), '0.000');
  });
});

describe('heatmapLayout', () => {
  it('fits the width between the smallest and largest cells', () => {
    assert.equal(heatmapLayout(128, 600).cell, 4);
    assert.equal(heatmapLayout(128, 300).cell, 4); // scrolls instead
    assert.equal(heatmapLayout(5, 2000).cell, 28);
  });

  it('labels every position only when cells are wide enough', () => {
    assert.equal(labelStep(heatmapLayout(20, 600)), 1);
    assert.equal(labelStep(heatmapLayout(128, 600)), 2);
  });

  it('finds the cell under a point', () => {
    const L = heatmapLayout(10, 400);
    const x = L.left + 3.5 * L.cell;
    const y = L.top + 7.5 * L.cell;
    assert.deepEqual(cellAt(L, x, y), {q: 7, k: 3});
    assert.equal(cellAt(L, 1, 1), undefined);
  });
});

describe('weightRGB', () => {
  it('is viridis of the square root by default', () => {
    for (const w of [0, 0.01, 0.3, 1]) {
      const c = rgb(interpolateViridis(Math.sqrt(w)));
      const got = weightRGB(w, 'sqrt');
      assert.ok(Math.abs(got[0] - c.r) <= 3 && Math.abs(got[2] - c.b) <= 3);
    }
  });

  it('maps bad values to the bottom of the ramp', () => {
    assert.equal(rampPosition(NaN, 'linear'), 0);
    assert.equal(rampPosition(-1, 'sqrt'), 0);
    assert.equal(rampPosition(2, 'linear'), 1);
  });
});

describe('matrixImage', () => {
  // Node has no ImageData: a stand-in with its shape is enough here.
  const g = globalThis as {ImageData?: unknown};
  g.ImageData ??= class {
    data: Uint8ClampedArray;
    constructor(
      readonly width: number,
      readonly height: number
    ) {
      this.data = new Uint8ClampedArray(width * height * 4);
    }
  };

  // Every kind of value: edges, out of range, NaN, infinities, -0.
  const T = 24;
  const weights = Float32Array.from({length: T * T}, (_, i) => i / 300);
  const odd = [NaN, Infinity, -Infinity, -0, -0.5, 1, 1.5, 1e-9, 0.999];
  odd.forEach((w, i) => (weights[(i + 3) * T + 1] = w));

  for (const scale of ['sqrt', 'linear'] as const) {
    for (const flat of [false, true]) {
      it(`colours each cell as weightRGB does (${scale}, ${flat})`, () => {
        const d = matrixImage(weights, T, scale, flat).data;
        for (let q = 0; q < T; q++) {
          for (let k = 0; k < T; k++) {
            const o = (q * T + k) * 4;
            const want =
              k > q
                ? flat
                  ? [...MASK_BG, 255]
                  : [0, 0, 0, 0]
                : [...weightRGB(weights[q * T + k], scale), 255];
            assert.deepEqual([...d.subarray(o, o + 4)], want, `${q}, ${k}`);
          }
        }
      });
    }
  }
});

describe('readOptions', () => {
  it('clamps to the model and falls back on nonsense', () => {
    const warnings: string[] = [];
    const o = readOptions(
      {
        layer: '7',
        head: 'x',
        view: 'TEXT',
        scale: 'log',
        editable: false,
        editableAttr: 'false',
      },
      {nLayer: 4, nHead: 4},
      (_, message) => warnings.push(message)
    );
    assert.deepEqual(o, {
      layer: 3,
      head: 0,
      view: 'text',
      scale: 'sqrt',
      editable: false,
    });
    assert.equal(warnings.length, 4);
  });

  it('warns about layer and head through shapeWarn only', () => {
    const codes: string[] = [];
    const shapeCodes: string[] = [];
    const o = readOptions(
      {
        layer: '5',
        head: '-1',
        view: 'grid',
        scale: undefined,
        editable: false,
        editableAttr: null,
      },
      {nLayer: 6, nHead: 2},
      (code) => codes.push(code),
      (code) => shapeCodes.push(code)
    );
    assert.deepEqual([o.layer, o.head, o.view], [5, 0, 'heatmap']);
    assert.deepEqual(codes, ['bad-view']);
    assert.deepEqual(shapeCodes, ['clamp-head']);
  });
});
