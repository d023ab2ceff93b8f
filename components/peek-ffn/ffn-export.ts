import type {PeekModel} from '../../src/store.js';
import {
  modelNeuronDla,
  topAttributions,
  type Attribution,
} from '../../src/dla.js';
import type {LayerView} from './ffn-data.js';

/** A canvas as a PNG blob. */
export function canvasPng(canvas: HTMLCanvasElement | null): Promise<Blob> {
  if (!canvas) {
    return Promise.reject(new Error('<peek-ffn>: nothing is drawn yet.'));
  }
  return new Promise((resolve, reject) =>
    canvas.toBlob(
      (b) => (b ? resolve(b) : reject(new Error('PNG encoding failed.'))),
      'image/png'
    )
  );
}

/** What <peek-ffn>'s `toJSON()` returns. */
export interface FfnJSON {
  /** The whole text; only `chars` (its last 128 at most) were traced. */
  text: string;
  /** Code-point index in `text` of the first traced character. */
  offset: number;
  chars: string[];
  layer: number;
  /** Neurons per position (512). */
  neurons: number;
  /** [T][neurons] ReLU activations, one row per traced position. */
  activations: number[][];
  /** Whole-text position (-1: none) and neuron (-1: none). */
  selected: {position: number; neuron: number};
  /** The selected neuron's direct logit attribution, or null. */
  dla: {
    neuron: number;
    layer: number;
    vocab: string[];
    /** [V] logit change per unit of activation, by token id. */
    values: number[];
    up: Attribution[];
    down: Attribution[];
  } | null;
}

/** What <peek-ffn> shows, as plain data for `toJSON()`. */
export function ffnJson(o: {
  model: PeekModel | undefined;
  text: string;
  offset: number;
  chars: string[];
  view: LayerView | undefined;
  layer: number;
  /** Selected position (code-point index in text; -1: none). */
  position: number;
  neuron: number;
  dlaShown: number;
}): FfnJSON {
  const {view: v, model, layer, neuron} = o;
  let dla: FfnJSON['dla'] = null;
  if (model && neuron >= 0) {
    const values = modelNeuronDla(model.data, layer, neuron);
    const {up, down} = topAttributions(values, model.data.vocab, o.dlaShown);
    dla = {
      neuron,
      layer,
      vocab: [...model.data.vocab],
      values: Array.from(values), // [V], per unit of activation
      up,
      down,
    };
  }
  return {
    text: o.text,
    offset: o.offset,
    chars: o.chars,
    layer,
    neurons: v?.M ?? 0,
    // [T][M]: one row of neuron activations per position.
    activations: v
      ? Array.from({length: v.T}, (_, t) =>
          Array.from(v.acts.subarray(t * v.M, (t + 1) * v.M))
        )
      : [],
    selected: {position: o.position, neuron},
    dla,
  };
}
