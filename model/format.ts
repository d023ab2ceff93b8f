import {validateConfig, type GPTConfig} from './config.js';
import {decodeFiniteHalf, encodeHalf} from './float16.js';
import {paramSpecs, sizeOf, type WeightMap} from './params.js';
import {sha256Hex, sha256HexSliced} from './sha256.js';

/**
 * Peek's weight format: a JSON manifest and one little-endian binary file.
 *
 * The manifest holds the config, the vocabulary, and for every tensor its
 * name, shape, dtype and byte range in the binary file, plus free-form
 * training metadata. Tensors are stored in {@link paramSpecs} order.
 */
export interface Manifest {
  format: 'peek-gpt';
  version: 1;
  config: GPTConfig;
  /** One string of exactly one character per token id. */
  vocab: string[];
  /** File name of the binary, relative to the manifest. */
  weights: string;
  /** Total byte length of the binary. */
  weightsBytes: number;
  /**
   * SHA-256 of the binary (hex), so that a manifest and a binary from two
   * different saves cannot pass for a pair. Optional: older manifests
   * lack it.
   */
  weightsSha256?: string;
  tensors: TensorEntry[];
  /** How the model was made: corpus, steps, losses, seed... */
  training?: Record<string, unknown>;
}

export interface TensorEntry {
  name: string;
  shape: number[];
  dtype: 'float32' | 'float16';
  /** Byte offset into the binary file. */
  offset: number;
  byteLength: number;
}

/** A model as loaded: its config, vocabulary and weights. */
export interface ModelData {
  config: GPTConfig;
  vocab: string[];
  weights: WeightMap;
  training?: Record<string, unknown>;
}

/** The failure of a model file to load, with what was wrong. */
export class ModelFormatError extends Error {
  override name = 'ModelFormatError';
}

const BYTES = {float32: 4, float16: 2} as const;

/** Packs a model into manifest and binary. */
export function encodeModel(
  model: ModelData,
  dtype: 'float32' | 'float16' = 'float16',
  weightsFile = 'weights.bin'
): {manifest: Manifest; bin: Uint8Array} {
  const specs = paramSpecs(model.config);
  const tensors: TensorEntry[] = [];
  let offset = 0;
  for (const {name, shape} of specs) {
    const byteLength = sizeOf(shape) * BYTES[dtype];
    tensors.push({name, shape, dtype, offset, byteLength});
    offset += byteLength;
  }
  const bin = new Uint8Array(offset);
  for (const [i, {name}] of specs.entries()) {
    const values = model.weights.get(name);
    if (!values || values.length !== sizeOf(specs[i].shape)) {
      throw new Error(`Weight "${name}" is missing or has the wrong size.`);
    }
    const raw = dtype === 'float16' ? encodeHalf(values) : values;
    const bytes = new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength);
    bin.set(bytes, tensors[i].offset);
  }
  const manifest: Manifest = {
    format: 'peek-gpt',
    version: 1,
    config: model.config,
    vocab: model.vocab,
    weights: weightsFile,
    weightsBytes: bin.byteLength,
    weightsSha256: sha256Hex(bin),
    tensors,
    training: model.training,
  };
  return {manifest, bin};
}

/**
 * Checks a manifest and its binary against each other and against the
 * architecture, and unpacks the weights. Every failure is a
 * {@link ModelFormatError} naming what is wrong.
 */
export function decodeModel(
  manifestJson: unknown,
  bin: ArrayBuffer
): ModelData {
  const {manifest, config, vocab} = readHeader(manifestJson, bin);
  const digest = manifest.weightsSha256;
  if (digest !== undefined) {
    checkDigestFormat(digest);
    checkDigest(sha256Hex(new Uint8Array(bin)), digest);
  }
  const entries = tensorEntries(manifest);
  const weights: WeightMap = new Map();
  for (const spec of paramSpecs(config)) {
    weights.set(spec.name, decodeTensor(spec, entries, bin));
  }
  return {config, vocab, weights, training: manifest.training};
}

/**
 * {@link decodeModel} in pieces, for a page: the same checks, errors and
 * weights, but the digest is taken a slice at a time and the tensors
 * are decoded one by one, with `pause` awaited between the pieces
 * (src/next-task.ts's taskSlicer yields to the page once a piece of
 * work has run long enough). In one piece it was a task of 50-90 ms.
 */
export async function decodeModelAsync(
  manifestJson: unknown,
  bin: ArrayBuffer,
  pause: () => Promise<void>
): Promise<ModelData> {
  const {manifest, config, vocab} = readHeader(manifestJson, bin);
  const digest = manifest.weightsSha256;
  if (digest !== undefined) {
    checkDigestFormat(digest);
    checkDigest(await sha256HexSliced(new Uint8Array(bin), pause), digest);
  }
  const entries = tensorEntries(manifest);
  const weights: WeightMap = new Map();
  for (const spec of paramSpecs(config)) {
    await pause();
    weights.set(spec.name, decodeTensor(spec, entries, bin));
  }
  return {config, vocab, weights, training: manifest.training};
}

/** The manifest's format, config and vocabulary, and the binary's size,
 * checked. */
function readHeader(
  manifestJson: unknown,
  bin: ArrayBuffer
): {manifest: Partial<Manifest>; config: GPTConfig; vocab: string[]} {
  const m = manifestJson as Partial<Manifest> | null;
  if (typeof m !== 'object' || m === null || m.format !== 'peek-gpt') {
    throw new ModelFormatError(
      'Not a Peek model manifest (expected "format": "peek-gpt").'
    );
  }
  if (m.version !== 1) {
    throw new ModelFormatError(
      `Unsupported model format version ${JSON.stringify(m.version)}; ` +
        'this Peek reads version 1.'
    );
  }
  let config: GPTConfig;
  try {
    config = validateConfig(m.config);
  } catch (e) {
    throw new ModelFormatError((e as Error).message);
  }
  const vocab = m.vocab;
  if (!Array.isArray(vocab) || vocab.length !== config.vocabSize) {
    throw new ModelFormatError(
      `Vocabulary has ${Array.isArray(vocab) ? vocab.length : 'no'} ` +
        `entries but the config says vocabSize ${config.vocabSize}.`
    );
  }
  if (new Set(vocab).size !== vocab.length) {
    throw new ModelFormatError('Vocabulary repeats a character.');
  }
  for (const [i, ch] of vocab.entries()) {
    if (typeof ch !== 'string' || Array.from(ch).length !== 1) {
      throw new ModelFormatError(
        `Vocabulary entry ${i} must be a single character.`
      );
    }
  }
  if (bin.byteLength !== m.weightsBytes) {
    throw new ModelFormatError(
      `Weights file is ${bin.byteLength} bytes but the manifest says ` +
        `${m.weightsBytes}` +
        (bin.byteLength < (m.weightsBytes ?? 0) ? ' (truncated?).' : '.')
    );
  }
  return {manifest: m, config, vocab: [...vocab]};
}

/** The manifest's tensor entries by name, not yet checked one by one. */
function tensorEntries(m: Partial<Manifest>): Map<string, TensorEntry> {
  const list: unknown = m.tensors;
  if (
    !Array.isArray(list) ||
    !list.every((t) => typeof t === 'object' && t !== null)
  ) {
    throw new ModelFormatError(
      'Manifest "tensors" must be a list of tensor entries.'
    );
  }
  return new Map((list as TensorEntry[]).map((t) => [t.name, t] as const));
}

/**
 * One tensor's entry checked against its spec, and its values unpacked;
 * a value that is infinite or NaN is refused, naming where it is.
 */
function decodeTensor(
  spec: {name: string; shape: number[]},
  entries: Map<string, TensorEntry>,
  bin: ArrayBuffer
): Float32Array {
  const t = entries.get(spec.name);
  if (!t) {
    throw new ModelFormatError(`Tensor "${spec.name}" is missing.`);
  }
  if (JSON.stringify(t.shape) !== JSON.stringify(spec.shape)) {
    throw new ModelFormatError(
      `Tensor "${spec.name}" has shape [${t.shape}] but the config ` +
        `needs [${spec.shape}].`
    );
  }
  if (t.dtype !== 'float32' && t.dtype !== 'float16') {
    throw new ModelFormatError(
      `Tensor "${spec.name}" has dtype ${JSON.stringify(t.dtype)}; ` +
        'expected float32 or float16.'
    );
  }
  const n = sizeOf(spec.shape);
  const need = n * BYTES[t.dtype];
  if (
    t.byteLength !== need ||
    !Number.isInteger(t.offset) ||
    t.offset < 0 ||
    t.offset + need > bin.byteLength ||
    t.offset % BYTES[t.dtype] !== 0
  ) {
    throw new ModelFormatError(
      `Tensor "${spec.name}" has a bad byte range ` +
        `(offset ${t.offset}, ${t.byteLength} bytes, need ${need}).`
    );
  }
  let values: Float32Array;
  let bad: number;
  if (t.dtype === 'float16') {
    values = new Float32Array(n);
    bad = decodeFiniteHalf(new Uint16Array(bin, t.offset, n), values);
  } else {
    values = new Float32Array(bin.slice(t.offset, t.offset + need));
    bad = firstNonFinite(values);
  }
  if (bad >= 0) {
    throw new ModelFormatError(
      `Tensor "${spec.name}" holds a non-finite value at ${bad}.`
    );
  }
  return values;
}

/** The index of the first infinity or NaN (exponent bits all ones), or
 * -1. */
function firstNonFinite(values: Float32Array): number {
  const {buffer, byteOffset, length} = values;
  const bits = new Uint32Array(buffer, byteOffset, length);
  for (let i = 0; i < bits.length; i++) {
    if ((bits[i] & 0x7f800000) === 0x7f800000) return i;
  }
  return -1;
}

/** A manifest's SHA-256 must be 64 lowercase hex digits. */
function checkDigestFormat(digest: unknown): void {
  if (typeof digest !== 'string' || !/^[0-9a-f]{64}$/.test(digest)) {
    throw new ModelFormatError(
      'Manifest "weightsSha256" must be 64 lowercase hex digits.'
    );
  }
}

/**
 * Checks the binary's SHA-256 against the manifest's. A mismatch means
 * the two files come from different saves: a reader caught a training
 * run between replacing one and the other, or a copy mixed two models.
 */
function checkDigest(actual: string, digest: string): void {
  if (actual !== digest) {
    throw new ModelFormatError(
      `Weights file does not match its manifest (SHA-256 ${actual}, ` +
        `manifest says ${digest}): the two come from different saves. ` +
        'If a training run is writing the model, load it again.'
    );
  }
}
