import * as tf from '@tensorflow/tfjs-core';
import {sumOverRows} from './ops.js';

/**
 * LayerNorm over the last axis with gain g and bias b. The gradient is
 * written out: tfjs's own, through tf.moments and broadcasting, runs
 * about three times as many kernels and copies every input it saves.
 */
export function layerNorm(
  x: tf.Tensor,
  g: tf.Tensor,
  b: tf.Tensor,
  eps: number
): tf.Tensor {
  return tf.customGrad(
    ((x: tf.Tensor, g: tf.Tensor, b: tf.Tensor, save: tf.GradSaveFunc) => {
      const [norm, std] = tf.tidy(() => {
        const centred = tf.sub(x, tf.mean(x, -1, true));
        const variance = tf.mean(tf.square(centred), -1, true);
        const std = tf.sqrt(tf.add(variance, eps)); // [..., 1]
        return [tf.div(centred, std), std];
      });
      save([norm, std, g]);
      return {
        value: tf.add(tf.mul(norm, g), b),
        gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
          const [norm, std, g] = saved;
          const rows = (t: tf.Tensor) => tf.reshape(t, [-1, g.size]);
          // d norm / dx, per row: (d - mean(d) - norm mean(d norm)) / std
          const d = tf.mul(dy, g);
          const along = tf.mean(tf.mul(d, norm), -1, true);
          const centred = tf.sub(d, tf.mean(d, -1, true));
          const dx = tf.div(tf.sub(centred, tf.mul(norm, along)), std);
          return [
            dx,
            sumOverRows(rows(tf.mul(dy, norm))),
            sumOverRows(rows(dy)),
          ];
        },
      };
    }) as unknown as Parameters<typeof tf.customGrad>[0]
  )(x, g, b);
}
