import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {DEFAULT_CONFIG} from '../../model/config.js';
import {paramCount, paramSpecs, sizeOf} from '../../model/params.js';

describe('paramCount()', () => {
  it('counts 824,897 parameters in DEFAULT_CONFIG', () => {
    assert.equal(paramCount(DEFAULT_CONFIG), 824_897);
  });

  it('adds 197,888 parameters per transformer block', () => {
    const oneMore = {...DEFAULT_CONFIG, nLayer: DEFAULT_CONFIG.nLayer + 1};
    assert.equal(paramCount(oneMore) - paramCount(DEFAULT_CONFIG), 197_888);
  });
});

describe('paramSpecs()', () => {
  const specs = paramSpecs(DEFAULT_CONFIG);
  const shape = (name: string) => specs.find((s) => s.name === name)?.shape;

  it('stores linear maps [in, out]', () => {
    assert.deepEqual(shape('h.0.attn.wqkv'), [128, 384]);
    assert.deepEqual(shape('h.3.mlp.w1'), [128, 512]);
    assert.deepEqual(shape('h.3.mlp.w2'), [512, 128]);
    assert.deepEqual(shape('head.w'), [128, 65]);
  });

  it('gives the output head a bias and the qkv map none', () => {
    assert.deepEqual(shape('head.b'), [65]);
    assert.equal(shape('h.0.attn.bqkv'), undefined);
  });

  it('names each tensor once', () => {
    const names = specs.map((s) => s.name);
    assert.equal(new Set(names).size, names.length);
    assert.equal(names.length, 2 + 4 * 11 + 4);
  });

  it('sums to paramCount()', () => {
    const total = specs.reduce((n, s) => n + sizeOf(s.shape), 0);
    assert.equal(total, paramCount(DEFAULT_CONFIG));
  });
});
