/**
 * IEEE 754 half-precision conversion, so weights can ship at two bytes a
 * value. Rounds to nearest even; keeps infinities, NaN and subnormals.
 */

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** One float32 value as float16 bits. */
export function toHalf(value: number): number {
  f32[0] = value;
  const x = u32[0];
  const sign = (x >>> 16) & 0x8000;
  const exp = (x >>> 23) & 0xff;
  let mant = x & 0x7fffff;
  if (exp === 0xff) {
    return sign | 0x7c00 | (mant ? 0x200 : 0); // Inf or NaN
  }
  let e = exp - 127 + 15;
  if (e >= 0x1f) return sign | 0x7c00; // overflow to Inf
  if (e <= 0) {
    if (e < -10) return sign; // underflow to zero
    mant |= 0x800000; // subnormal: make the leading 1 explicit
    const shift = 14 - e;
    const half = 1 << (shift - 1);
    let m = mant >>> shift;
    const rest = mant & ((1 << shift) - 1);
    if (rest > half || (rest === half && m & 1)) m++;
    return sign | m;
  }
  let m = mant >>> 13;
  const rest = mant & 0x1fff;
  if (rest > 0x1000 || (rest === 0x1000 && m & 1)) {
    m++;
    if (m === 0x400) {
      m = 0;
      e++;
      if (e >= 0x1f) return sign | 0x7c00;
    }
  }
  return sign | (e << 10) | m;
}

/** float16 bits as a float32 value. */
export function fromHalf(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >>> 10) & 0x1f;
  const mant = h & 0x3ff;
  if (exp === 0) return sign * mant * 2 ** -24;
  if (exp === 0x1f) return mant ? NaN : sign * Infinity;
  return sign * (1 + mant / 1024) * 2 ** (exp - 15);
}

/** A whole array to float16 bits. */
export function encodeHalf(values: Float32Array): Uint16Array {
  const out = new Uint16Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = toHalf(values[i]);
  return out;
}

/**
 * float16 bits back to float32, infinities and NaN included (see
 * {@link decodeFiniteHalf} for the loop).
 */
export function decodeHalf(bits: Uint16Array): Float32Array {
  const out = new Float32Array(bits.length);
  let i = decodeFiniteHalf(bits, out);
  while (i >= 0) {
    out[i] = fromHalf(bits[i]);
    i = decodeFiniteHalf(bits, out, i + 1);
  }
  return out;
}

/**
 * float16 bits to float32 into `out`, from index `from` on, stopping at
 * the first infinity or NaN: returns its index, or -1 if there is none.
 * One pass that both decodes and checks, for model weights, which must
 * be finite.
 *
 * A normal half maps to a float32 by moving its bits (rebias the
 * exponent by 127 - 15 = 112); only zeros and subnormals (exponent 0)
 * take the arithmetic path, and exponent 0x1f (infinity or NaN) ends the
 * loop. The loop runs once per page load, largely before V8 optimises
 * it, so it keeps to integer operations on typed arrays and calls
 * nothing.
 */
export function decodeFiniteHalf(
  bits: Uint16Array,
  out: Float32Array,
  from = 0
): number {
  const outBits = new Uint32Array(out.buffer, out.byteOffset, out.length);
  const n = bits.length;
  for (let i = from; i < n; i++) {
    const h = bits[i];
    const exp = h & 0x7c00;
    if (exp === 0x7c00) return i;
    if (exp !== 0) {
      outBits[i] = ((h & 0x8000) << 16) | (((h & 0x7fff) + 0x1c000) << 13);
    } else {
      // Zero or subnormal: mant * 2^-24, exact in float32; keeps -0.
      const mant = h & 0x3ff;
      out[i] = (h & 0x8000 ? -mant : mant) * SUBNORMAL;
    }
  }
  return -1;
}

const SUBNORMAL = 2 ** -24;
