/**
 * The npm entry. Importing it registers no tag: it only exports the
 * classes and helpers, so an app can define the elements itself, under
 * other names, or not at all. For the usual tags, import `peek-gpt/define`
 * (every element) or `peek-gpt/peek-sampler` (one).
 */

// The elements.
export {PeekSampler} from '../components/peek-sampler/peek-sampler.js';
export type {
  PeekStepDetail,
  PeekResetDetail,
} from '../components/peek-sampler/peek-sampler.js';
export type {
  SamplerJSON,
  CandidateJSON,
} from '../components/peek-sampler/export.js';
export {PeekAttention} from '../components/peek-attention/peek-attention.js';
export type {AttentionJSON} from '../components/peek-attention/export.js';
export {PeekFfn} from '../components/peek-ffn/peek-ffn.js';
export type {FfnSelectDetail} from '../components/peek-ffn/peek-ffn.js';
export {PeekEmbedding} from '../components/peek-embedding/peek-embedding.js';
export type {EmbeddingSelectDetail} from '../components/peek-embedding/peek-embedding.js';
export type {EmbeddingJSON} from '../components/peek-embedding/export.js';
export {
  PeekElement,
  type PeekBackendChangeDetail,
  type PeekErrorDetail,
} from './peek-element.js';

// Page-wide settings and the shared model.
export {configurePeek, peekOptions, type PeekOptions} from './options.js';
export {DEFAULT_MODEL_URL, DEFAULT_WASM_DIR} from './paths.js';
export {
  loadModel,
  reloadModel,
  modelEvents,
  modelStatus,
  type ModelStatus,
  type PeekModel,
} from './store.js';
export type {LoadProgress} from './loader.js';
export {PeekError, type PeekErrorType} from './errors.js';
export type {ForwardTrace} from './trace.js';
export type {Inference} from './inference.js';

// Sampling maths, as the sampler uses it.
export {
  DEFAULT_SAMPLING,
  GREEDY_BELOW,
  argmax,
  filterTopKTopP,
  rank,
  sampleNext,
  softmaxWithTemperature,
  type SampleStep,
  type SamplingSettings,
} from './sampling.js';

// For elements of your own that join a linked group.
export {
  publishHighlight,
  subscribeHighlight,
  type Highlight,
} from './linking.js';
export {followSource, type StepLike, type TextSource} from './follow.js';

// The model's own types.
export type {GPTConfig} from '../model/config.js';
export type {ModelData} from '../model/format.js';
export type {Tokenizer} from '../model/tokenizer.js';
export {Rng} from '../model/rng.js';
