import {headSize, type GPTConfig} from '../model/config.js';
import type {FoldedWeights} from './folded-weights.js';
import base64 from './simd-wasm.js';

/** The exports of src/simd.wat. */
interface Exports {
  memory: WebAssembly.Memory;
  attend(...args: number[]): void;
  norm_rows(x: number, out: number, T: number, C: number, eps: number): void;
  residual_norm(...args: number[]): void;
  sparse_down(...args: number[]): void;
}

/** What {@link SimdKernels.attend} gives for one layer. */
export interface Attention {
  /** Per head: the weights [T, T], row = query, 0 above the diagonal.
   * The caller's to keep. */
  weights: Float32Array[];
  /** The heads' outputs side by side [T, C]: a view, valid until the
   * next call. */
  y: Float32Array;
}

/**
 * Peek's hand-written wasm SIMD kernels (src/simd.wat) for one model:
 * causal attention, LayerNorm and the sparse MLP down-projection, the
 * parts of a traced pass that tfjs's wasm backend runs slowly (see the
 * .wat file for why each). One instance per model: it keeps a copy of
 * each layer's down-projection and its work buffers, sized for the
 * model's context, in its own wasm memory.
 *
 * Inputs are copied in; results that are views say so and are
 * overwritten by the next call.
 */
export class SimdKernels {
  private readonly f32: Float32Array;
  private readonly at: Record<string, number>;

  private constructor(
    private readonly wasm: Exports,
    readonly config: GPTConfig,
    folded: FoldedWeights
  ) {
    const {nEmbd: C, nHead: H, mlpHidden: M, blockSize: N} = config;
    const D = headSize(config);
    const regions: [string, number][] = [];
    folded.layers.forEach((_, l) => {
      regions.push([`w2.${l}`, M * C], [`b2.${l}`, C]);
    });
    regions.push(
      ['x', N * C],
      ['o', N * C],
      ['mid', N * C],
      ['a', N * C],
      ['qkv', Math.ceil(N / 4) * 4 * 3 * C], // query rows padded to 4
      ['p', H * N * N + 3], // + the 3 floats attend may spill
      ['y', N * C],
      ['kt', D * Math.ceil(N / 8) * 8],
      ['s', 4 * Math.ceil(N / 8) * 8],
      ['h', N * M],
      ['out', N * C],
      ['idx', M]
    );
    this.at = layout(regions);
    const {memory} = wasm;
    const need = this.at.end - memory.buffer.byteLength;
    if (need > 0) memory.grow(Math.ceil(need / 65536));
    this.f32 = new Float32Array(memory.buffer);
    folded.layers.forEach((layer, l) => {
      this.f32.set(layer.w2, this.at[`w2.${l}`] / 4);
      this.f32.set(layer.b2, this.at[`b2.${l}`] / 4);
    });
  }

  /** Whether these kernels can run a model of this shape: heads a
   * multiple of 16 wide, the embedding of 32, the MLP of 4. */
  static supports(config: GPTConfig): boolean {
    const D = headSize(config);
    return (
      Number.isInteger(D) &&
      D > 0 &&
      D % 16 === 0 &&
      config.nEmbd % 32 === 0 &&
      config.mlpHidden % 4 === 0
    );
  }

  /**
   * The kernels for a model, or null where they cannot run: a model
   * shape they do not support, no wasm SIMD, or a Content-Security-
   * Policy without 'wasm-unsafe-eval'.
   */
  static async create(folded: FoldedWeights): Promise<SimdKernels | null> {
    if (!SimdKernels.supports(folded.config)) return null;
    const module = await compiled();
    if (!module) return null;
    const instance = await WebAssembly.instantiate(module);
    return new SimdKernels(
      instance.exports as unknown as Exports,
      folded.config,
      folded
    );
  }

  /** LayerNorm without gain and bias of T rows [T, C]: a view. */
  normalize(x: Float32Array, T: number): Float32Array {
    const {nEmbd: C, lnEps} = this.config;
    this.put('x', x, T * C);
    this.wasm.norm_rows(this.at.x, this.at.a, T, C, lnEps);
    return this.view('a', T * C);
  }

  /**
   * Causal attention of every head over T positions. `qkv` holds T rows
   * of [q | k | v], C wide each (the folded [C, 3C] map's product), q
   * scaled by 1 / sqrt(D).
   */
  attend(qkv: Float32Array, T: number): Attention {
    const {nEmbd: C, nHead: H} = this.config;
    const at = this.at;
    const padded = Math.ceil(T / 4) * 4 * 3 * C;
    this.put('qkv', qkv, T * 3 * C);
    this.f32.fill(0, at.qkv / 4 + T * 3 * C, at.qkv / 4 + padded);
    const q = at.qkv;
    this.wasm.attend(
      T, C, H, 3 * C, q, q + 4 * C, q + 8 * C, at.p, at.y, at.kt, at.s
    );
    const p = at.p / 4;
    const weights = Array.from({length: H}, (_, h) =>
      this.f32.slice(p + h * T * T, p + (h + 1) * T * T)
    );
    return {weights, y: this.view('y', T * C)};
  }

  /**
   * The residual add after attention, mid = x + o, and the LayerNorm of
   * mid for the MLP (a view). mid is kept for {@link mlpOut}.
   */
  residualNorm(x: Float32Array, o: Float32Array, T: number): Float32Array {
    const {nEmbd: C, lnEps} = this.config;
    const at = this.at;
    this.put('x', x, T * C);
    this.put('o', o, T * C);
    this.wasm.residual_norm(at.x, at.o, at.mid, at.a, T, C, lnEps);
    return this.view('a', T * C);
  }

  /**
   * Layer `layer`'s next residual stream [T, C] (the caller's to keep):
   * the last {@link residualNorm}'s mid, plus the MLP's down-projection
   * of the ReLU activations `hidden` [T, M] and its bias.
   */
  mlpOut(layer: number, hidden: Float32Array, T: number): Float32Array {
    const {nEmbd: C, mlpHidden: M} = this.config;
    const at = this.at;
    this.put('h', hidden, T * M);
    this.wasm.sparse_down(
      at.h, at[`w2.${layer}`], at[`b2.${layer}`], at.mid, at.out, T, M, C,
      at.idx
    );
    return this.f32.slice(at.out / 4, at.out / 4 + T * C);
  }

  private put(region: string, data: Float32Array, length: number): void {
    if (data.length !== length) {
      throw new Error(`${region}: ${data.length} floats, not ${length}.`);
    }
    this.f32.set(data, this.at[region] / 4);
  }

  private view(region: string, length: number): Float32Array {
    const from = this.at[region] / 4;
    return this.f32.subarray(from, from + length);
  }
}

/** Byte offsets of consecutive float32 regions, 16-byte aligned, and
 * where the last one ends (`end`). */
function layout(regions: [string, number][]): Record<string, number> {
  let end = 0;
  const at: Record<string, number> = {};
  for (const [name, floats] of regions) {
    at[name] = end;
    end += Math.ceil((floats * 4) / 16) * 16;
  }
  return {...at, end};
}

let compiling: Promise<WebAssembly.Module | null> | undefined;

/** src/simd.wat compiled, once per page; null where it cannot be. */
function compiled(): Promise<WebAssembly.Module | null> {
  compiling ??= (async () => {
    try {
      const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
      return await WebAssembly.compile(bytes);
    } catch {
      return null;
    }
  })();
  return compiling;
}
