import * as tf from '@tensorflow/tfjs-core';

/** Swaps the last two axes of a rank-2 or rank-3 tensor. */
export function swapLast(x: tf.Tensor): tf.Tensor {
  return x.rank === 2 ? tf.transpose(x) : tf.transpose(x, [0, 2, 1]);
}

/**
 * Matrix product whose gradient uses explicit transposes. tfjs's own
 * gradient for matMul multiplies by a transposed operand, which the wasm
 * backend runs about ten times slower than a transpose followed by a plain
 * product. Both operands must have the same rank (2 or 3).
 */
export const mm = tf.customGrad(
  // customGrad passes the inputs, then the save function, as arguments.
  ((a: tf.Tensor, b: tf.Tensor, save: tf.GradSaveFunc) => {
    save([a, b]);
    return {
      value: tf.matMul(a as tf.Tensor2D, b as tf.Tensor2D),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [sa, sb] = saved;
        return [
          tf.matMul(dy as tf.Tensor2D, swapLast(sb) as tf.Tensor2D),
          tf.matMul(swapLast(sa) as tf.Tensor2D, dy as tf.Tensor2D),
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
  const flat = mm(tf.reshape(x, [-1, inDim]), w);
  const y = b ? tf.add(flat, b) : flat;
  return tf.reshape(y, [...x.shape.slice(0, -1), outDim]);
}

/** LayerNorm over the last axis with gain g and bias b. */
export function layerNorm(
  x: tf.Tensor,
  g: tf.Tensor,
  b: tf.Tensor,
  eps: number
): tf.Tensor {
  const {mean, variance} = tf.moments(x, -1, true);
  const norm = tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, eps)));
  return tf.add(tf.mul(norm, g), b);
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
