/** Hyperparameters of a training run; all saved beside the weights. */
export interface TrainConfig {
  /** Seed for initialisation, batches and dropout. */
  seed: number;
  /** Total optimiser steps. */
  steps: number;
  /** Windows per step (split across the workers). */
  batchSize: number;
  /** Peak learning rate, reached after warm-up. */
  lr: number;
  /** Learning rate at the end of the cosine decay. */
  minLr: number;
  /** Linear warm-up steps. */
  warmup: number;
  /** Decoupled weight decay, applied to matrices only. */
  weightDecay: number;
  /** Adam's moment decay rates. */
  beta1: number;
  beta2: number;
  /** Clip gradients to this global norm. */
  gradClip: number;
  /** Dropout on embeddings and on every write to the residual stream. */
  dropout: number;
  /** Steps between evaluations (and checkpoints). */
  evalEvery: number;
  /** Validation windows per periodic evaluation. */
  evalWindows: number;
  /** Gradient workers (threads), each taking part of every batch. */
  workers: number;
}

export const DEFAULT_TRAIN: TrainConfig = {
  seed: 1337,
  steps: 6000,
  batchSize: 32,
  lr: 2e-3,
  minLr: 2e-4,
  warmup: 200,
  weightDecay: 0.1,
  beta1: 0.9,
  beta2: 0.99,
  gradClip: 1.0,
  dropout: 0.1,
  evalEvery: 100,
  evalWindows: 64,
  workers: 2,
};

/** Learning rate at a step: linear warm-up, then cosine to minLr. */
export function learningRate(step: number, c: TrainConfig): number {
  if (step < c.warmup) return (c.lr * (step + 1)) / c.warmup;
  const span = Math.max(1, c.steps - c.warmup);
  const progress = Math.min(1, (step - c.warmup) / span);
  const cosine = 0.5 * (1 + Math.cos(Math.PI * progress));
  return c.minLr + (c.lr - c.minLr) * cosine;
}
