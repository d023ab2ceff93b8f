import {readChoice, readNumber, type Warn} from '../../src/attributes.js';
import {NEURON_ORDERS, type NeuronOrder} from './ffn-data.js';

/** The raw attribute values of <peek-ffn>, as set. */
export interface FfnRaw {
  layer: unknown;
  neuron: unknown;
  position: unknown;
  top: unknown;
  order: unknown;
}

/** What the element shows, after clamping. */
export interface FfnSettings {
  layer: number;
  /** -1: no neuron selected. */
  neuron: number;
  /**
   * The whole-text position asked for, clamped to the text; -1 is the
   * last. Until there is a trace it is as set (a whole number, >= -1).
   */
  position: number;
  /** Index into the trace; -1 while there is no trace. */
  t: number;
  top: number;
  order: NeuronOrder;
}

const quiet: Warn = () => undefined;

/**
 * Clamps the raw attributes to what the model and the current trace
 * allow (warning once per problem); never NaN. `position` is a whole-text
 * index: absent or -1 is the last traced position, and one scrolled out
 * of the context shows the first position kept. Layer and neuron warn
 * through `shapeWarn`, which may wait until the shape is the loaded
 * model's.
 */
export function readFfn(
  raw: FfnRaw,
  o: {nLayer: number; M: number; T: number; offset: number},
  warn: Warn,
  shapeWarn: Warn = warn
): FfnSettings {
  const int = (name: string, fallback: number, min: number, max: number) =>
    ({name, fallback, min, max, integer: true});
  const last = o.offset + o.T - 1;
  // Until there is a trace there is no range to check the position in.
  const p =
    o.T === 0
      ? readNumber(raw.position, int('position', -1, -1, Infinity), quiet)
      : readNumber(raw.position, int('position', -1, -1, last), warn);
  const {nLayer, M} = o;
  return {
    layer: readNumber(raw.layer, int('layer', 0, 0, nLayer - 1), shapeWarn),
    neuron: readNumber(raw.neuron, int('neuron', -1, -1, M - 1), shapeWarn),
    position: p,
    t: o.T === 0 ? -1 : p < 0 ? o.T - 1 : Math.max(0, p - o.offset),
    top: readNumber(raw.top, int('top', 10, 1, 64), warn),
    order: readChoice(raw.order, 'order', NEURON_ORDERS, 'index', warn),
  };
}
