import {project, type Pca} from '../../src/pca.js';
import type {ForwardTrace} from '../../src/trace.js';

/** One position's residual stream, layer by layer, in the plot's axes. */
export interface Trajectory {
  /** Code-point index of the character in the full text. */
  position: number;
  /** Row of the position table (index within the traced window). */
  slot: number;
  /** The character as typed. */
  char: string;
  /** Its token id (a stand-in's, when the character is unknown). */
  token: number;
  /**
   * nLayer + 1 points [x, y]: the stream entering each block (the first
   * is token + position embedding), then leaving the last block.
   */
  points: [number, number][];
}

/**
 * Projects every position's residual stream into a fitted PCA space.
 * `offset` is the full-text index of the trace's first position.
 */
export function trajectories(
  fit: Pick<Pca, 'dims' | 'mean' | 'components'>,
  trace: ForwardTrace,
  offset: number
): Trajectory[] {
  const d = fit.dims;
  return Array.from({length: trace.T}, (_, t) => ({
    position: offset + t,
    slot: t,
    char: trace.chars[t],
    token: trace.ids[t],
    points: trace.residual.map((stream) => {
      const [x, y] = project(fit, stream, t * d); // stream is [T, d]
      return [x, y] as [number, number];
    }),
  }));
}
