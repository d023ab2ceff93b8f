/**
 * The sampler's logits source (components/peek-sampler/next-logits.ts)
 * against a full forward pass over the window, for every way the text
 * can change between steps.
 */
import assert from 'node:assert/strict';
import {after, before, describe, it} from 'node:test';
import {Rng} from '../../model/rng.js';
import {DecoderLogits} from '../../components/peek-sampler/next-logits.js';
import {Inference} from '../../src/inference.js';
import type {PeekModel} from '../../src/store.js';
import {
  maxDiff,
  perturbedModel,
  shippedModel,
  startWasm,
} from '../src/model-fixture.js';

const TOLERANCE = 1e-4;

describe('DecoderLogits', () => {
  const data = shippedModel() ?? perturbedModel(5);
  const N = data.config.blockSize;
  let inference: Inference;
  let model: PeekModel;
  /** Texts for which DecoderLogits fell back to a full pass. */
  let fullPasses: string[];

  before(async () => {
    await startWasm();
    inference = new Inference(data);
    fullPasses = [];
    const counted = Object.create(inference) as Inference;
    counted.lastLogits = (text: string) => {
      fullPasses.push(text);
      return inference.lastLogits(text);
    };
    model = {
      data,
      tokenizer: inference.tokenizer,
      inference: counted,
      backend: 'wasm',
      url: '',
    };
  });
  after(() => inference.dispose());

  const rng = new Rng(7);
  const randomText = (n: number) =>
    Array.from({length: n}, () => data.vocab[rng.int(data.vocab.length)])
      .join('');

  /** Asks for each text in turn; each answer must match a full pass. */
  async function check(source: DecoderLogits, texts: string[]) {
    for (const text of texts) {
      const mine = await source.next(text);
      const full = await inference.lastLogits(text);
      const d = maxDiff(mine, full);
      assert.ok(d < TOLERANCE, `${Array.from(text).length} chars: ${d}`);
    }
  }

  it('equals a full pass as the text grows past blockSize', async () => {
    const source = new DecoderLogits(model);
    const text = randomText(N + 12);
    const texts = [];
    for (let n = 5; n <= N + 12; n++) texts.push(text.slice(0, n));
    fullPasses.length = 0;
    await check(source, texts);
    // Up to blockSize characters the cache does the work; past it the
    // window slides and every step is a full pass.
    assert.deepEqual(
      fullPasses.map((t) => t.length),
      texts.filter((t) => t.length > N).map((t) => t.length)
    );
  });

  it('equals a full pass after steps back, repeats and jumps', async () => {
    const source = new DecoderLogits(model);
    const text = randomText(N + 5);
    const cut = (n: number) => text.slice(0, n);
    await check(source, [
      cut(40),
      cut(41),
      cut(38), // stepped back three
      cut(38), // the same text again (new settings)
      cut(39),
      cut(60), // many new characters at once
      cut(1),
      cut(2),
      cut(N + 3), // past the window
      cut(N - 2), // and back inside it
      cut(N - 1),
      cut(N),
    ]);
  });

  it('equals a full pass when the prompt changes', async () => {
    const source = new DecoderLogits(model);
    const a = randomText(30);
    const b = randomText(30);
    await check(source, [a, a + b[0], b, b + a[0], a.slice(0, 10) + b]);
  });
});
