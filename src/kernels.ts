import * as tf from '@tensorflow/tfjs-core';

/**
 * a b (+ bias, then activation) on rank-3 operands, straight to the
 * kernel: tf.fused.matMul would add three reshapes and a custom-gradient
 * wrapper to each of the ~70 products of a pass.
 */
export function fusedMatMul(
  a: tf.Tensor3D,
  b: tf.Tensor3D,
  bias: tf.Tensor1D,
  activation: 'linear' | 'relu' = 'linear'
): tf.Tensor3D {
  return tf.engine().runKernel(
    tf._FusedMatMul,
    {a, b, bias},
    {transposeA: false, transposeB: false, activation, leakyreluAlpha: 0}
  );
}

/** a b on rank-3 operands, straight to the kernel. */
export function matMul(a: tf.Tensor3D, b: tf.Tensor3D): tf.Tensor3D {
  return tf.engine().runKernel(
    tf.BatchMatMul,
    {a, b},
    {transposeA: false, transposeB: false}
  );
}
