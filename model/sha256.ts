/**
 * SHA-256 (FIPS 180-4) of bytes, as 64 lowercase hex digits. Synchronous,
 * so the model decoder can check its weights file where Web Crypto's
 * promise would not fit; the digest is the one `sha256sum` prints.
 */
export function sha256Hex(bytes: Uint8Array): string {
  const h = Int32Array.from(INITIAL);
  const w = new Int32Array(64);
  compressBlocks(h, w, bytes, 0, wholeBlocks(bytes));
  return finish(h, w, bytes);
}

/**
 * {@link sha256Hex} a slice of `sliceBytes` at a time, awaiting `pause`
 * between slices: a weights file takes ~30 ms to hash, too long for one
 * task of a page.
 */
export async function sha256HexSliced(
  bytes: Uint8Array,
  pause: () => Promise<void>,
  sliceBytes = 1 << 16
): Promise<string> {
  if (sliceBytes <= 0 || sliceBytes % 64 !== 0) {
    throw new Error('sliceBytes must be a positive multiple of 64.');
  }
  const h = Int32Array.from(INITIAL);
  const w = new Int32Array(64);
  const end = wholeBlocks(bytes);
  for (let at = 0; at < end; at += sliceBytes) {
    compressBlocks(h, w, bytes, at, Math.min(end, at + sliceBytes));
    await pause();
  }
  return finish(h, w, bytes);
}

/** Bytes in whole 64-byte blocks, before the tail. */
function wholeBlocks(bytes: Uint8Array): number {
  return bytes.length - (bytes.length % 64);
}

function compressBlocks(
  h: Int32Array,
  w: Int32Array,
  bytes: Uint8Array,
  from: number,
  to: number
): void {
  for (let at = from; at < to; at += 64) compress(h, w, bytes, at);
}

/** The tail, a 1 bit, zeros, and the length in bits: one or two blocks;
 * then the digest. */
function finish(h: Int32Array, w: Int32Array, bytes: Uint8Array): string {
  const whole = wholeBlocks(bytes);
  const tail = new Uint8Array(bytes.length % 64 < 56 ? 64 : 128);
  tail.set(bytes.subarray(whole));
  tail[bytes.length - whole] = 0x80;
  const view = new DataView(tail.buffer);
  const bits = bytes.length * 8;
  view.setUint32(tail.length - 8, Math.floor(bits / 2 ** 32));
  view.setUint32(tail.length - 4, bits >>> 0);
  compressBlocks(h, w, tail, 0, tail.length);
  return Array.from(h, (v) => (v >>> 0).toString(16).padStart(8, '0'))
    .join('');
}

/** Mixes the 64-byte block at `at` into the state. */
function compress(
  state: Int32Array,
  w: Int32Array,
  bytes: Uint8Array,
  at: number
): void {
  for (let i = 0; i < 16; i++) {
    const j = at + i * 4;
    w[i] =
      (bytes[j] << 24) | (bytes[j + 1] << 16) | (bytes[j + 2] << 8) |
      bytes[j + 3];
  }
  for (let i = 16; i < 64; i++) {
    const a = w[i - 15];
    const b = w[i - 2];
    const s0 = rotr(a, 7) ^ rotr(a, 18) ^ (a >>> 3);
    const s1 = rotr(b, 17) ^ rotr(b, 19) ^ (b >>> 10);
    w[i] = (w[i - 16] + s0 + w[i - 7] + s1) | 0;
  }
  let [a, b, c, d, e, f, g, h] = state;
  for (let i = 0; i < 64; i++) {
    const s1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25);
    const choose = (e & f) ^ (~e & g);
    const t1 = (h + s1 + choose + ROUND[i] + w[i]) | 0;
    const s0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22);
    const majority = (a & b) ^ (a & c) ^ (b & c);
    const t2 = (s0 + majority) | 0;
    h = g;
    g = f;
    f = e;
    e = (d + t1) | 0;
    d = c;
    c = b;
    b = a;
    a = (t1 + t2) | 0;
  }
  state[0] = (state[0] + a) | 0;
  state[1] = (state[1] + b) | 0;
  state[2] = (state[2] + c) | 0;
  state[3] = (state[3] + d) | 0;
  state[4] = (state[4] + e) | 0;
  state[5] = (state[5] + f) | 0;
  state[6] = (state[6] + g) | 0;
  state[7] = (state[7] + h) | 0;
}

function rotr(x: number, n: number): number {
  return (x >>> n) | (x << (32 - n));
}

/** First 32 bits of the fractional parts of the square roots of the
 * first 8 primes. */
const INITIAL = [
  0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c,
  0x1f83d9ab, 0x5be0cd19,
];

/** Same, of the cube roots of the first 64 primes. */
const ROUND = Int32Array.from([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1,
  0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
  0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
  0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
  0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
  0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
  0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
  0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
  0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);
