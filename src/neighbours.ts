/**
 * Nearest neighbours by cosine similarity, the measure under which a
 * model's embeddings are usually compared (it ignores vector length).
 */

/** One neighbour of a query vector. */
export interface Neighbour {
  /** Row index in the searched set. */
  index: number;
  /** Cosine similarity with the query, in [-1, 1]. */
  similarity: number;
}

/**
 * Cosine similarity of two d-vectors read at offsets. A zero vector has
 * no direction, so its similarity with anything is 0 rather than NaN.
 */
export function cosine(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  d: number,
  aOffset = 0,
  bOffset = 0
): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let j = 0; j < d; j++) {
    const x = a[aOffset + j];
    const y = b[bOffset + j];
    dot += x * y;
    na += x * x;
    nb += y * y;
  }
  const norm = Math.sqrt(na * nb);
  return norm > 0 ? Math.max(-1, Math.min(1, dot / norm)) : 0;
}

/**
 * The k rows of `rows` (row-major [n * d]) most similar to `query`,
 * most similar first; ties go to the lower index. `exclude` (e.g. the
 * query's own row) is left out.
 */
export function nearestByCosine(
  rows: ArrayLike<number>,
  n: number,
  d: number,
  query: ArrayLike<number>,
  k: number,
  exclude = -1,
  queryOffset = 0
): Neighbour[] {
  const all: Neighbour[] = [];
  for (let i = 0; i < n; i++) {
    if (i === exclude) continue;
    all.push({
      index: i,
      similarity: cosine(query, rows, d, queryOffset, i * d),
    });
  }
  all.sort((x, y) => y.similarity - x.similarity || x.index - y.index);
  return all.slice(0, Math.max(0, k));
}

/** The k nearest rows to row `i` of the set itself. */
export function neighboursOf(
  rows: ArrayLike<number>,
  n: number,
  d: number,
  i: number,
  k: number
): Neighbour[] {
  return nearestByCosine(rows, n, d, rows, k, i, i * d);
}
