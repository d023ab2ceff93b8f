import assert from 'node:assert/strict';
import {createHash} from 'node:crypto';
import {existsSync, readFileSync} from 'node:fs';
import {describe, it} from 'node:test';
import type {GPTConfig} from '../../model/config.js';
import {fromHalf, toHalf} from '../../model/float16.js';
import {
  decodeModel,
  decodeModelAsync,
  encodeModel,
  ModelFormatError,
  type Manifest,
  type ModelData,
} from '../../model/format.js';
import {initWeights} from '../../model/init.js';
import {paramCount, paramSpecs} from '../../model/params.js';
import {countingPause} from '../counting-pause.js';

const CONFIG: GPTConfig = {
  vocabSize: 5,
  nEmbd: 8,
  nLayer: 1,
  nHead: 2,
  blockSize: 4,
  mlpHidden: 16,
  lnEps: 1e-5,
};

/** A small model whose every weight is distinct and non-zero. */
function makeModel(): ModelData {
  const weights = initWeights(CONFIG, 7);
  let k = 0;
  for (const values of weights.values()) {
    for (let i = 0; i < values.length; i++) values[i] += 0.01 * ++k;
  }
  return {
    config: CONFIG,
    vocab: ['\n', ' ', 'a', 'b', 'c'],
    weights,
    training: {steps: 3},
  };
}

/** Encodes, then passes the manifest through JSON as a file would. */
function pack(
  model: ModelData,
  dtype: 'float32' | 'float16' = 'float16'
): {manifest: Manifest; bin: ArrayBuffer} {
  const {manifest, bin} = encodeModel(model, dtype);
  return {
    manifest: JSON.parse(JSON.stringify(manifest)),
    bin: bin.slice().buffer,
  };
}

/** Every input decodeModel() was seen to reject, with its error. */
const rejected: {manifest: unknown; bin: ArrayBuffer; message: string}[] = [];

/** Asserts that decoding fails with a ModelFormatError matching message. */
function assertRejects(manifest: unknown, bin: ArrayBuffer, message: RegExp) {
  assert.throws(
    () => decodeModel(manifest, bin),
    (e: unknown) => {
      assert.ok(e instanceof ModelFormatError, `got ${e}`);
      assert.equal(e.name, 'ModelFormatError');
      assert.match(e.message, message);
      rejected.push({manifest, bin, message: e.message});
      return true;
    }
  );
}


describe('encodeModel() then decodeModel()', () => {
  describe('as float32', () => {
    const model = makeModel();
    const {manifest, bin} = pack(model, 'float32');
    const back = decodeModel(manifest, bin);

    it('gives back every weight bit for bit', () => {
      for (const [name, values] of model.weights) {
        assert.deepEqual(back.weights.get(name), values, name);
      }
    });

    it('gives back the config, vocabulary and training notes', () => {
      assert.deepEqual(back.config, CONFIG);
      assert.deepEqual(back.vocab, model.vocab);
      assert.deepEqual(back.training, {steps: 3});
    });

    it('takes 4 bytes a parameter', () => {
      assert.equal(bin.byteLength, 4 * paramCount(CONFIG));
      assert.equal(manifest.weightsBytes, bin.byteLength);
    });
  });

  describe('as float16', () => {
    const model = makeModel();
    const {manifest, bin} = pack(model, 'float16');
    const back = decodeModel(manifest, bin);

    it('gives back each weight rounded to float16', () => {
      for (const [name, values] of model.weights) {
        const expected = Array.from(values, (v) => fromHalf(toHalf(v)));
        assert.deepEqual(Array.from(back.weights.get(name)!), expected);
      }
    });

    it('takes 2 bytes a parameter', () => {
      assert.equal(bin.byteLength, 2 * paramCount(CONFIG));
    });

    it("records the binary's SHA-256 in the manifest", () => {
      const digest = createHash('sha256')
        .update(new Uint8Array(bin))
        .digest('hex');
      assert.equal(manifest.weightsSha256, digest);
    });

    it('lists tensors in paramSpecs order, back to back', () => {
      const names = paramSpecs(CONFIG).map((s) => s.name);
      assert.deepEqual(
        manifest.tensors.map((t) => t.name),
        names
      );
      let offset = 0;
      for (const t of manifest.tensors) {
        assert.equal(t.offset, offset, t.name);
        offset += t.byteLength;
      }
      assert.equal(offset, bin.byteLength);
    });
  });
});

describe('decodeModel() accepts', () => {
  it('a manifest without weightsSha256, as older ones are', () => {
    const {manifest, bin} = pack(makeModel());
    delete manifest.weightsSha256;
    const back = decodeModel(manifest, bin);
    assert.equal(back.weights.size, paramSpecs(CONFIG).length);
  });
});

describe('decodeModel() rejects', () => {
  const fresh = () => pack(makeModel());

  it('a weights file from another save of the same model', () => {
    // What a reader sees between the trainer's two renames: the new
    // weights.bin beside the old manifest.json. Same size, same layout.
    const {manifest} = fresh();
    const later = makeModel();
    later.weights.get('h.0.mlp.w1')![5] += 0.5;
    const {bin} = pack(later);
    assert.equal(bin.byteLength, manifest.weightsBytes);
    const hex = '[0-9a-f]{64}';
    assertRejects(
      manifest,
      bin,
      new RegExp(
        `Weights file does not match its manifest \\(SHA-256 ${hex}, ` +
          `manifest says ${hex}\\): the two come from different saves`
      )
    );
  });

  it('a weightsSha256 that is not 64 hex digits', () => {
    const {manifest, bin} = fresh();
    const upper = manifest.weightsSha256!.toUpperCase();
    for (const weightsSha256 of ['abc', 42, upper]) {
      assertRejects(
        {...manifest, weightsSha256},
        bin,
        /"weightsSha256" must be 64 lowercase hex digits/
      );
    }
  });

  it('a manifest of another format', () => {
    const {bin} = fresh();
    assertRejects({format: 'tfjs-graph'}, bin, /Not a Peek model manifest/);
    assertRejects(null, bin, /Not a Peek model manifest/);
    assertRejects('peek-gpt', bin, /Not a Peek model manifest/);
  });

  it('a version it does not read', () => {
    const {manifest, bin} = fresh();
    assertRejects({...manifest, version: 2}, bin, /version 2/);
  });

  it('a config that cannot be built, naming the field', () => {
    const {manifest, bin} = fresh();
    const config = {...manifest.config, nHead: 3};
    assertRejects({...manifest, config}, bin, /nEmbd \(8\).*nHead \(3\)/);
  });

  it('a vocabulary of the wrong size', () => {
    const {manifest, bin} = fresh();
    const vocab = manifest.vocab.slice(0, 4);
    assertRejects(
      {...manifest, vocab},
      bin,
      /Vocabulary has 4 entries but the config says vocabSize 5/
    );
  });

  it('a vocabulary entry longer than one character', () => {
    const {manifest, bin} = fresh();
    const vocab = ['\n', ' ', 'a', 'b', 'cd'];
    assertRejects({...manifest, vocab}, bin, /entry 4 .*single character/);
  });

  it('a truncated weights file', () => {
    const {manifest, bin} = fresh();
    const cut = bin.slice(0, bin.byteLength - 10);
    assertRejects(
      manifest,
      cut,
      new RegExp(
        `${cut.byteLength} bytes but the manifest says ` +
          `${bin.byteLength} \\(truncated\\?\\)`
      )
    );
  });

  it('a weights file longer than the manifest says', () => {
    const {manifest, bin} = fresh();
    const long = new Uint8Array(bin.byteLength + 2);
    long.set(new Uint8Array(bin));
    assertRejects(manifest, long.buffer, /bytes but the manifest says/);
  });

  it('a tensor of the wrong shape, naming it and both shapes', () => {
    const {manifest, bin} = fresh();
    const w1 = manifest.tensors.find((t) => t.name === 'h.0.mlp.w1')!;
    w1.shape = [8, 17];
    assertRejects(
      manifest,
      bin,
      /Tensor "h\.0\.mlp\.w1" has shape \[8,17\] but the config needs \[8,16\]/
    );
  });

  it('a tensor with the wrong byteLength', () => {
    const {manifest, bin} = fresh();
    manifest.tensors[1].byteLength -= 2;
    assertRejects(manifest, bin, /Tensor "wpe" has a bad byte range/);
  });

  it('a tensor that runs past the end of the file', () => {
    const {manifest, bin} = fresh();
    manifest.tensors[0].offset = bin.byteLength - 2;
    assertRejects(manifest, bin, /Tensor "wte" has a bad byte range/);
  });

  it('a missing tensor, naming it', () => {
    const {manifest, bin} = fresh();
    manifest.tensors = manifest.tensors.filter((t) => t.name !== 'head.b');
    assertRejects(manifest, bin, /Tensor "head\.b" is missing/);
  });

  it('a "tensors" field that is not a list of entries', () => {
    const {manifest, bin} = fresh();
    const bad = [{}, [null], {wte: {}}];
    for (const tensors of bad) {
      assertRejects({...manifest, tensors}, bin, /"tensors" must be a list/);
    }
  });

  it('NaN weights, naming the tensor and position', () => {
    for (const dtype of ['float32', 'float16'] as const) {
      const model = makeModel();
      model.weights.get('h.0.ln1.b')![3] = NaN;
      const {manifest, bin} = pack(model, dtype);
      assertRejects(
        manifest,
        bin,
        /Tensor "h\.0\.ln1\.b" holds a non-finite value at 3/
      );
    }
  });

  it('weights too large for float16 (stored as infinity)', () => {
    const model = makeModel();
    model.weights.get('head.w')![0] = 1e6;
    const {manifest, bin} = pack(model, 'float16');
    assertRejects(manifest, bin, /Tensor "head\.w" holds a non-finite/);
  });
});

describe('decodeModelAsync()', () => {
  for (const dtype of ['float32', 'float16'] as const) {
    it(`gives decodeModel()'s weights bit for bit (${dtype})`, async () => {
      const {manifest, bin} = pack(makeModel(), dtype);
      const sync = decodeModel(manifest, bin);
      const back = await decodeModelAsync(manifest, bin, countingPause());
      assert.deepEqual(back.config, sync.config);
      assert.deepEqual(back.vocab, sync.vocab);
      assert.deepEqual(back.training, sync.training);
      assert.deepEqual([...back.weights.keys()], [...sync.weights.keys()]);
      for (const [name, values] of sync.weights) {
        const mine = back.weights.get(name)!;
        assert.ok(mine instanceof Float32Array, name);
        // Compared as bits: -0 and +0 must not pass for each other.
        assert.deepEqual(
          new Uint32Array(mine.buffer, mine.byteOffset, mine.length),
          new Uint32Array(values.buffer, values.byteOffset, values.length),
          name
        );
      }
    });
  }

  const shipped = new URL('../../model/default/', import.meta.url);
  const hasShipped = existsSync(new URL('manifest.json', shipped));
  it('gives the shipped model bit for bit', {skip: !hasShipped}, async () => {
    const manifest = JSON.parse(
      readFileSync(new URL('manifest.json', shipped), 'utf8')
    );
    const bin = new Uint8Array(
      readFileSync(new URL(manifest.weights, shipped))
    ).buffer;
    const sync = decodeModel(manifest, bin);
    const back = await decodeModelAsync(manifest, bin, countingPause());
    assert.equal(back.weights.size, sync.weights.size);
    for (const [name, values] of sync.weights) {
      const mine = back.weights.get(name)!;
      const bits = (a: Float32Array) => new Uint32Array(a.slice().buffer);
      assert.deepEqual(bits(mine), bits(values), name);
    }
  });

  it('pauses between tensors and between slices of the digest', async () => {
    const {manifest, bin} = pack(makeModel());
    const pause = countingPause();
    await decodeModelAsync(manifest, bin, pause);
    // One pause before each tensor, and one after each 64 KiB of the
    // hash (this file is under one slice).
    assert.equal(pause.calls, paramSpecs(CONFIG).length + 1);
  });

  it('rejects what decodeModel() rejects, with its error', async () => {
    // The cases are those of "decodeModel() rejects", recorded as they ran.
    assert.ok(rejected.length >= 20, `only ${rejected.length} cases`);
    for (const {manifest, bin, message} of rejected) {
      await assert.rejects(
        decodeModelAsync(manifest, bin, countingPause()),
        (e: unknown) => {
          assert.ok(e instanceof ModelFormatError, `got ${e}`);
          assert.equal(e.message, message);
          return true;
        }
      );
    }
  });

  it('names the tensor and index of a non-finite float16 value', async () => {
    const model = makeModel();
    model.weights.get('h.0.mlp.w2')![17] = Infinity;
    const {manifest, bin} = pack(model, 'float16');
    await assert.rejects(
      decodeModelAsync(manifest, bin, countingPause()),
      new RegExp(
        '^ModelFormatError: Tensor "h\\.0\\.mlp\\.w2" holds a ' +
          'non-finite value at 17\\.$'
      )
    );
  });
});
