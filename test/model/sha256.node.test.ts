import assert from 'node:assert/strict';
import {createHash} from 'node:crypto';
import {describe, it} from 'node:test';
import {Rng} from '../../model/rng.js';
import {sha256Hex, sha256HexSliced} from '../../model/sha256.js';

const nodeSha256 = (bytes: Uint8Array) =>
  createHash('sha256').update(bytes).digest('hex');

/** n bytes from a seed. */
function randomBytes(n: number, seed: number): Uint8Array {
  const rng = new Rng(seed);
  return Uint8Array.from({length: n}, () => rng.int(256));
}

describe('sha256Hex()', () => {
  it('gives the FIPS 180-4 digest of "abc"', () => {
    const abc = new TextEncoder().encode('abc');
    assert.equal(
      sha256Hex(abc),
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'
    );
  });

  it('gives the digest of no bytes', () => {
    assert.equal(
      sha256Hex(new Uint8Array(0)),
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'
    );
  });

  it("agrees with node:crypto at every length around a block's end", () => {
    for (let n = 50; n <= 130; n++) {
      const bytes = randomBytes(n, n);
      assert.equal(sha256Hex(bytes), nodeSha256(bytes), `${n} bytes`);
    }
  });

  it('agrees with node:crypto on a weights-sized file', () => {
    const bytes = randomBytes(1_650_000, 1);
    assert.equal(sha256Hex(bytes), nodeSha256(bytes));
  });

  it('reads only the view it is given, not its whole buffer', () => {
    const bytes = randomBytes(300, 2);
    const view = bytes.subarray(7, 250);
    assert.equal(sha256Hex(view), nodeSha256(view));
  });
});

describe('sha256HexSliced()', () => {
  const counting = () => {
    const pause = async () => {
      pause.calls++;
      await new Promise((resolve) => setImmediate(resolve));
    };
    pause.calls = 0;
    return pause;
  };

  it('gives sha256Hex() at every length around a slice end', async () => {
    for (const n of [0, 1, 63, 64, 127, 128, 129, 191, 192, 200, 1000]) {
      const bytes = randomBytes(n, n + 7);
      const got = await sha256HexSliced(bytes, counting(), 128);
      assert.equal(got, nodeSha256(bytes), `${n} bytes`);
    }
  });

  it('pauses once per slice of whole blocks', async () => {
    const bytes = randomBytes(300_000, 3);
    const pause = counting();
    const got = await sha256HexSliced(bytes, pause, 1 << 16);
    assert.equal(got, nodeSha256(bytes));
    // 300,000 bytes: 299,968 in whole blocks, five slices of 64 KiB.
    assert.equal(pause.calls, 5);
  });

  it('reads only the view it is given', async () => {
    const view = randomBytes(1000, 4).subarray(9, 700);
    assert.equal(await sha256HexSliced(view, counting(), 64), nodeSha256(view));
  });

  it('refuses a slice that is not a whole number of blocks', async () => {
    for (const slice of [0, -64, 100]) {
      await assert.rejects(
        sha256HexSliced(new Uint8Array(10), counting(), slice),
        /sliceBytes must be a positive multiple of 64/
      );
    }
  });
});
