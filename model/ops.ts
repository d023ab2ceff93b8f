import * as tf from '@tensorflow/tfjs-core';

/** Swaps the last two axes of a rank-2 or rank-3 tensor. */
export function swapLast(x: tf.Tensor): tf.Tensor {
  if (x.rank === 2) return transpose2d(x as tf.Tensor2D);
  return tf.transpose(x, [0, 2, 1]);
}

/** Rows per block in {@link transpose2d}. */
const BLOCK = 32;

/**
 * Transpose of a matrix. The wasm backend's 2-D transpose writes one
 * column at a time, which misses the cache on tall matrices ([B*T, C]
 * activations in weight gradients): moving [BLOCK, C] blocks first and
 * then whole block rows is several times faster, and exact.
 */
function transpose2d(x: tf.Tensor2D): tf.Tensor {
  const [r, c] = x.shape;
  if (r <= BLOCK || r % BLOCK !== 0) return tf.transpose(x);
  const blocks = tf.transpose(tf.reshape(x, [r / BLOCK, BLOCK, c]), [0, 2, 1]);
  return tf.reshape(tf.transpose(blocks, [1, 0, 2]), [c, r]); // [C, R]
}

/**
 * Product of rank-2 or rank-3 tensors. On wasm, rank 3 runs as one 2-D
 * product per batch entry: tfjs's wasm backend hands only unbatched
 * products to XNNPACK, and runs batched ones ([B*H, T, D] x [B*H, D, T]
 * in attention) on a naive loop three to four times slower than the
 * split, products and stack together.
 */
function batchedMatMul(a: tf.Tensor, b: tf.Tensor): tf.Tensor {
  if (a.rank === 2 || tf.getBackend() !== 'wasm') {
    return tf.matMul(a as tf.Tensor3D, b as tf.Tensor3D);
  }
  return tf.tidy(() => {
    const bs = matrices(b);
    return tf.stack(matrices(a).map((ai, i) => tf.matMul(ai, bs[i])));
  });
}

/**
 * The [R, C] matrices of a [N, R, C] tensor, by way of one read. Not
 * tf.unstack: the wasm backend's Slice copies its whole input to JS for
 * every slice taken, which makes N slices cost N times the tensor.
 */
function matrices(x: tf.Tensor): tf.Tensor2D[] {
  const [n, r, c] = x.shape;
  const all = x.dataSync() as Float32Array;
  return Array.from({length: n}, (_, i) =>
    tf.tensor2d(all.subarray(i * r * c, (i + 1) * r * c), [r, c])
  );
}

/**
 * Matrix product whose gradient uses explicit transposes. tfjs's own
 * gradient for matMul multiplies by a transposed operand, which the wasm
 * backend runs about ten times slower than a transpose followed by a plain
 * product. Both operands must have the same rank (2 or 3); rank 3 runs
 * one 2-D product per batch entry on wasm (see batchedMatMul).
 */
export const mm = tf.customGrad(
  // customGrad passes the inputs, then the save function, as arguments.
  ((a: tf.Tensor, b: tf.Tensor, save: tf.GradSaveFunc) => {
    save([a, b]);
    return {
      value: batchedMatMul(a, b),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [sa, sb] = saved;
        return [
          batchedMatMul(dy, swapLast(sb)),
          batchedMatMul(swapLast(sa), dy),
        ];
      },
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]
) as (a: tf.Tensor, b: tf.Tensor) => tf.Tensor;

/** y = x W + b over the last axis of x, for x of any rank. */
export function linear(
  x: tf.Tensor,
  w: tf.Tensor,
  b?: tf.Tensor
): tf.Tensor {
  const inDim = x.shape[x.rank - 1];
  const outDim = w.shape[1] as number;
  const flat = tf.reshape(x, [-1, inDim]);
  const y = b ? affine(flat, w, b) : mm(flat, w);
  return tf.reshape(y, [...x.shape.slice(0, -1), outDim]);
}

/** x W + b for x [N, I], as one fused product. */
const affine = tf.customGrad(
  ((x: tf.Tensor, w: tf.Tensor, b: tf.Tensor, save: tf.GradSaveFunc) => {
    save([x, w]);
    return {
      value: tf.fused.matMul({
        a: x as tf.Tensor2D,
        b: w as tf.Tensor2D,
        bias: b,
      }),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [sx, sw] = saved;
        return [
          tf.matMul(dy as tf.Tensor2D, swapLast(sw) as tf.Tensor2D),
          tf.matMul(swapLast(sx) as tf.Tensor2D, dy as tf.Tensor2D),
          sumOverRows(dy),
        ];
      },
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]
) as (x: tf.Tensor, w: tf.Tensor, b: tf.Tensor) => tf.Tensor;

/**
 * Sum over the rows of x [N, C], as [C], by a product with ones [1, N]:
 * tfjs sums over a first axis by way of the wasm backend's slow 2-D
 * transpose (bias and gain gradients sum dy over every position).
 */
export function sumOverRows(x: tf.Tensor): tf.Tensor1D {
  const [n, c] = x.shape;
  const ones = tf.ones([1, n]) as tf.Tensor2D;
  return tf.reshape(tf.matMul(ones, x as tf.Tensor2D), [c]);
}

/**
 * Additive causal mask [T, T]: 0 where a query may look (key <= query),
 * a large negative number above the diagonal. After softmax the masked
 * weights are exactly 0 in float32.
 */
export function causalMask(T: number): tf.Tensor2D {
  const data = new Float32Array(T * T);
  for (let q = 0; q < T; q++) {
    for (let k = q + 1; k < T; k++) data[q * T + k] = -1e9;
  }
  return tf.tensor2d(data, [T, T]);
}
