import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {
  decodeFiniteHalf,
  decodeHalf,
  encodeHalf,
  fromHalf,
  toHalf,
} from '../../model/float16.js';
import {Rng} from '../../model/rng.js';

const roundTrip = (v: number) => fromHalf(toHalf(v));

describe('toHalf() / fromHalf()', () => {
  describe('values float16 can hold', () => {
    const exact = [
      0, 1, -1, 0.5, -2, 3.140625, 1 + 2 ** -10, 1024, 65504, -65504,
      2 ** -14, // smallest normal
      2 ** -24, // smallest subnormal
      1023 * 2 ** -24, // largest subnormal
    ];

    it('come back exactly', () => {
      for (const v of exact) assert.equal(roundTrip(v), v, `value ${v}`);
    });

    it('keep the sign of zero', () => {
      assert.equal(toHalf(-0), 0x8000);
      assert.ok(Object.is(roundTrip(-0), -0), 'got +0');
    });

    it('have the IEEE bit patterns', () => {
      assert.equal(toHalf(1), 0x3c00);
      assert.equal(toHalf(-2), 0xc000);
      assert.equal(toHalf(65504), 0x7bff);
      assert.equal(toHalf(2 ** -14), 0x0400);
      assert.equal(toHalf(2 ** -24), 0x0001);
    });
  });

  describe('other values', () => {
    it('come back within a relative error of 1e-3', () => {
      const rng = new Rng(42);
      for (let i = 0; i < 20_000; i++) {
        // Magnitudes from 2^-14 to 2^15, the normal range.
        const v = (rng.next() - 0.5) * 2 ** (rng.int(30) - 14);
        if (Math.abs(v) < 2 ** -14) continue;
        const rel = Math.abs(roundTrip(v) - v) / Math.abs(v);
        assert.ok(rel < 1e-3, `value ${v}: relative error ${rel}`);
      }
    });

    it('round to nearest, ties to even', () => {
      // 1 + 2^-11 lies halfway between 1 and 1 + 2^-10 (odd mantissa).
      assert.equal(roundTrip(1 + 2 ** -11), 1);
      assert.equal(roundTrip(1 + 3 * 2 ** -11), 1 + 2 * 2 ** -10);
      assert.equal(roundTrip(1 + 2 ** -11 + 2 ** -20), 1 + 2 ** -10);
    });

    it('carry into the exponent when the mantissa rounds up', () => {
      assert.equal(toHalf(2 - 2 ** -12), 0x4000);
    });

    it('round subnormals to the nearest step of 2^-24', () => {
      assert.equal(roundTrip(1.5 * 2 ** -24), 2 * 2 ** -24);
      assert.equal(roundTrip(2 ** -25), 0); // tie, to even
      assert.equal(roundTrip(1.25 * 2 ** -25), 2 ** -24);
      assert.equal(roundTrip(2 ** -26), 0);
    });
  });

  describe('values out of range', () => {
    it('overflow to infinity', () => {
      assert.equal(roundTrip(70000), Infinity);
      assert.equal(roundTrip(-1e10), -Infinity);
      assert.equal(roundTrip(65520), Infinity); // tie above 65504
      assert.equal(roundTrip(65519), 65504);
    });

    it('keep infinities', () => {
      assert.equal(toHalf(Infinity), 0x7c00);
      assert.equal(toHalf(-Infinity), 0xfc00);
      assert.equal(fromHalf(0x7c00), Infinity);
    });

    it('keep NaN', () => {
      assert.ok(Number.isNaN(roundTrip(NaN)), 'NaN lost');
      assert.ok(Number.isNaN(fromHalf(0x7e00)), '0x7e00 not NaN');
    });
  });
});

describe('encodeHalf() / decodeHalf()', () => {
  it('round-trips an array element by element', () => {
    const values = Float32Array.from([0, 1, -0.333251953125, 65504, 2e-8]);
    const bits = encodeHalf(values);
    assert.ok(bits instanceof Uint16Array, 'not a Uint16Array');
    assert.equal(bits.length, values.length);
    // 2e-8 is under half the smallest subnormal, so it flushes to 0.
    assert.deepEqual(
      Array.from(decodeHalf(bits)),
      [0, 1, -0.333251953125, 65504, 0]
    );
  });

  it('decodes every one of the 65,536 bit patterns as fromHalf() does', () => {
    const all = Uint16Array.from({length: 65536}, (_, i) => i);
    const fast = decodeHalf(all);
    for (let h = 0; h < 65536; h++) {
      const want = fromHalf(h);
      const same = Number.isNaN(want)
        ? Number.isNaN(fast[h])
        : Object.is(fast[h], want);
      assert.ok(same, `0x${h.toString(16)}: ${fast[h]} vs ${want}`);
    }
  });
});

describe('decodeFiniteHalf()', () => {
  const all = Uint16Array.from({length: 65536}, (_, i) => i);
  const finite = all.filter((h) => (h & 0x7c00) !== 0x7c00);

  it('decodes every finite bit pattern as fromHalf() does', () => {
    const out = new Float32Array(finite.length);
    assert.equal(decodeFiniteHalf(finite, out), -1);
    for (const [i, h] of finite.entries()) {
      assert.ok(Object.is(out[i], fromHalf(h)), `0x${h.toString(16)}`);
    }
  });

  it('stops at the first infinity or NaN and returns its index', () => {
    for (const bad of [0x7c00, 0xfc00, 0x7e00, 0x7c01, 0xffff]) {
      const bits = Uint16Array.from([0x3c00, 0x0001, 0x8000, bad, 0x3c00]);
      const out = new Float32Array(5);
      assert.equal(decodeFiniteHalf(bits, out), 3, `0x${bad.toString(16)}`);
      assert.deepEqual(Array.from(out.subarray(0, 3)), [1, 2 ** -24, -0]);
      assert.ok(Object.is(out[2], -0), '-0 lost');
      assert.equal(out[4], 0, 'decoded past the bad value');
    }
  });

  it('starts at `from`, leaving the values before it alone', () => {
    const bits = Uint16Array.from([0x7c00, 0x3c00, 0xc000]);
    const out = Float32Array.from([7, 7, 7]);
    assert.equal(decodeFiniteHalf(bits, out, 1), -1);
    assert.deepEqual(Array.from(out), [7, 1, -2]);
  });

  it('writes into a view at its own offset', () => {
    const backing = new Float32Array(6);
    const view = backing.subarray(2, 4);
    const bits = Uint16Array.from([0x3c00, 0x4000]);
    assert.equal(decodeFiniteHalf(bits, view), -1);
    assert.deepEqual(Array.from(backing), [0, 0, 1, 2, 0, 0]);
  });
});
