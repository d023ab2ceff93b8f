import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {readFfn} from '../../components/peek-ffn/ffn-attributes.js';
import {
  argMax,
  fmt,
  layerView,
  neuronMeans,
  topNeurons,
} from '../../components/peek-ffn/ffn-data.js';
import {keyAction, moveCursor} from '../../components/peek-ffn/keys.js';

// T = 3 positions, M = 4 neurons, row-major over positions.
const acts = Float32Array.from([
  0, 2, 0, 1, // t = 0
  3, 0, 0, 1, // t = 1
  0, 1, 0, 4, // t = 2
]);

describe('topNeurons()', () => {
  it('lists the k largest at a position, largest first', () => {
    assert.deepEqual(topNeurons(acts, 4, 0, 2), [
      {neuron: 1, value: 2},
      {neuron: 3, value: 1},
    ]);
  });

  it('breaks ties by neuron index', () => {
    assert.deepEqual(
      topNeurons(acts, 4, 0, 4).map((n) => n.neuron),
      [1, 3, 0, 2]
    );
  });
});

describe('layerView()', () => {
  it('orders rows by mean activation, largest first', () => {
    const v = layerView(acts, 3, 'mean');
    assert.deepEqual(Array.from(neuronMeans(acts, 3, 4)), [1, 1, 0, 2]);
    assert.deepEqual(Array.from(v.rows), [3, 0, 1, 2]);
    assert.deepEqual(Array.from(v.rowOf), [1, 2, 3, 0]);
    assert.equal(v.max, 4);
    assert.equal(v.M, 4);
  });

  it('keeps index order by default', () => {
    assert.deepEqual(Array.from(layerView(acts, 3, 'index').rows), [
      0, 1, 2, 3,
    ]);
  });
});

describe('argMax()', () => {
  it('finds the position and neuron of the largest value', () => {
    assert.deepEqual(argMax(acts, 4), {t: 2, neuron: 3, value: 4});
  });
});

describe('fmt()', () => {
  it('never prints a negative zero', () => {
    assert.equal(fmt(-0.001), '0.00');
    assert.equal(fmt(-0.0001, 3), '0.000');
    assert.equal(fmt(-0.25), '-0.25');
  });
});

describe('moveCursor()', () => {
  it('stays inside the grid', () => {
    const at = {t: 0, row: 0};
    assert.deepEqual(moveCursor('ArrowLeft', false, at, 3, 4), at);
    assert.deepEqual(moveCursor('ArrowUp', true, at, 3, 4), at);
    assert.deepEqual(moveCursor('End', false, at, 3, 4), {t: 2, row: 0});
    assert.deepEqual(moveCursor('PageDown', false, at, 3, 4), {
      t: 0,
      row: 3,
    });
  });

  it('ignores other keys', () => {
    assert.equal(moveCursor('a', false, {t: 0, row: 0}, 3, 4), null);
  });
});

describe('keyAction()', () => {
  const view = layerView(acts, 3, 'mean'); // rows [3, 0, 1, 2]

  it('moves down a row in the shown order', () => {
    assert.deepEqual(keyAction('ArrowDown', false, {t: 1, neuron: 3, view}), {
      kind: 'move',
      t: 1,
      neuron: 0,
    });
  });

  it('starts from the most active neuron when none is selected', () => {
    assert.deepEqual(keyAction('ArrowDown', false, {t: 0, neuron: -1, view}), {
      kind: 'move',
      t: 0,
      neuron: 1,
    });
  });

  it('keeps "no neuron" when moving along positions', () => {
    assert.deepEqual(
      keyAction('ArrowRight', false, {t: 0, neuron: -1, view}),
      {kind: 'move', t: 1, neuron: -1}
    );
  });

  it('commits on Enter and Space', () => {
    for (const key of ['Enter', ' ']) {
      assert.deepEqual(keyAction(key, false, {t: 0, neuron: 2, view}), {
        kind: 'commit',
      });
    }
  });
});

describe('readFfn()', () => {
  const size = {nLayer: 4, M: 512, T: 128, offset: 72};
  const raw = (o: Record<string, unknown>) => ({
    layer: null,
    neuron: null,
    position: null,
    top: null,
    order: null,
    ...o,
  });

  it('defaults: layer 0, no neuron, last position, top 10, index', () => {
    assert.deepEqual(
      readFfn(raw({}), size, () => {}),
      {layer: 0, neuron: -1, position: -1, t: 127, top: 10, order: 'index'}
    );
  });

  it('maps a whole-text position into the traced window', () => {
    const at = (position: unknown) =>
      readFfn(raw({position}), size, () => {});
    assert.deepEqual([at('80').position, at('80').t], [80, 8]);
    // Scrolled out of the context: the first position kept.
    assert.deepEqual([at(10).position, at(10).t], [10, 0]);
    // Past the end: the last, as a whole-text index.
    assert.deepEqual([at(500).position, at(500).t], [199, 127]);
  });

  it('clamps and warns once per attribute, never NaN', () => {
    const codes: string[] = [];
    const s = readFfn(
      raw({layer: '9', neuron: 'x', top: '1e6', order: 'random'}),
      size,
      (code) => codes.push(code)
    );
    assert.deepEqual(s, {
      layer: 3,
      neuron: -1,
      position: -1,
      t: 127,
      top: 64,
      order: 'index',
    });
    assert.deepEqual(codes.sort(), [
      'bad-neuron',
      'bad-order',
      'clamp-layer',
      'clamp-top',
    ]);
  });

  it('keeps the position as set, quietly, before there is a trace', () => {
    const codes: string[] = [];
    const before = {...size, T: 0, offset: 0};
    const read = (position: unknown) =>
      readFfn(raw({position}), before, (c) => codes.push(c));
    assert.deepEqual([read('50').position, read('50').t], [50, -1]);
    assert.deepEqual([read('2.6').position, read('-7').position], [3, -1]);
    assert.equal(read('last').position, -1);
    assert.deepEqual(codes, []);
  });

  it('warns about layer and neuron through shapeWarn only', () => {
    const codes: string[] = [];
    const shapeCodes: string[] = [];
    const s = readFfn(
      raw({layer: '9', neuron: '600', top: '0'}),
      size,
      (code) => codes.push(code),
      (code) => shapeCodes.push(code)
    );
    assert.deepEqual([s.layer, s.neuron, s.top], [3, 511, 1]);
    assert.deepEqual(codes, ['clamp-top']);
    assert.deepEqual(shapeCodes.sort(), ['clamp-layer', 'clamp-neuron']);
  });
});
