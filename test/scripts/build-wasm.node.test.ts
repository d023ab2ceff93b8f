// scripts/build-wasm.mjs: the committed src/*-wasm.ts modules must be
// what their .wat sources compile to, or the kernels that run are not
// the ones the source shows.
import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {describe, it} from 'node:test';
import {compileWat, watFiles} from '../../scripts/build-wasm.mjs';

describe('build-wasm', () => {
  it('finds the SIMD kernels source', () => {
    const names = watFiles().map(({wat}) => wat.split('/').pop());
    assert.ok(names.includes('simd.wat'), names.join(', '));
  });

  for (const {wat, ts} of watFiles()) {
    const name = wat.split('/').pop();
    it(`${name} compiles to the committed module`, async () => {
      const fresh = await compileWat(wat);
      assert.ok(
        fresh === readFileSync(ts, 'utf8'),
        `${ts} is stale: run node scripts/build-wasm.mjs`
      );
    });
  }
});
