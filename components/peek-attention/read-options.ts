import {
  readBoolean,
  readChoice,
  readNumber,
  type Warn,
} from '../../src/attributes.js';
import {WEIGHT_SCALES, type WeightScale} from './colour.js';

export const VIEWS = ['heatmap', 'text'] as const;
export type View = (typeof VIEWS)[number];

/** What the element's attributes ask for, checked and clamped. */
export interface Options {
  layer: number;
  head: number;
  view: View;
  scale: WeightScale;
  editable: boolean;
}

/** The raw values, as set by attribute or property. */
export interface RawOptions {
  layer: unknown;
  head: unknown;
  view: unknown;
  scale: unknown;
  editable: unknown;
  /** The `editable` attribute's own value, when present. */
  editableAttr: string | null;
}

/**
 * Reads the options against the model's shape; a bad value falls back
 * or is clamped, with one warning naming the valid range. Layer and head
 * warn through `shapeWarn`, which may wait until the shape is the loaded
 * model's.
 */
export function readOptions(
  raw: RawOptions,
  shape: {nLayer: number; nHead: number},
  warn: Warn,
  shapeWarn: Warn = warn
): Options {
  const index = (name: string, value: unknown, count: number) =>
    readNumber(
      value,
      {name, fallback: 0, min: 0, max: count - 1, integer: true},
      shapeWarn
    );
  return {
    layer: index('layer', raw.layer, shape.nLayer),
    head: index('head', raw.head, shape.nHead),
    view: readChoice(raw.view, 'view', VIEWS, 'heatmap', warn),
    scale: readChoice(raw.scale, 'scale', WEIGHT_SCALES, 'sqrt', warn),
    editable:
      raw.editableAttr !== null
        ? readBoolean(raw.editableAttr, 'editable', warn)
        : Boolean(raw.editable),
  };
}
