// The built package imported on a server (issue #6, item 6), by the names
// package.json publishes: Node resolves `peek-gpt/...` through its
// `exports` from inside this repository. test/ssr/ does the same on the
// sources.
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {assertQuiet, probe} from '../ssr/run-probe.js';
import {TAGS} from './page-checks.js';

const NAMES = [
  'peek-gpt',
  'peek-gpt/define',
  ...TAGS.map((tag) => `peek-gpt/${tag}`),
];
const CLASSES = ['PeekSampler', 'PeekAttention', 'PeekFfn', 'PeekEmbedding'];
const none = Object.fromEntries(TAGS.map((t) => [t, null]));

/** Registers the describe block; the suite must have built dist/. */
export function describeServerImport(): void {
  describe('the built package imported on a server', () => {
    for (const mode of ['bare', 'fake-dom'] as const) {
      it(`imports every entry point quietly (${mode})`, () => {
        const r = probe(mode, NAMES);
        assertQuiet(r);
        assert.deepEqual(
          r.defined,
          Object.fromEntries(TAGS.map((t, i) => [t, CLASSES[i]]))
        );
        if (mode === 'fake-dom') {
          assert.deepEqual(
            Object.values(r.rendered),
            TAGS.map(() => 'template')
          );
        }
      });
    }

    it('skips registration when there is no registry', () => {
      const r = probe('no-registry', NAMES);
      assertQuiet(r);
      assert.deepEqual(r.defined, none);
    });

    for (const mode of ['bare', 'fake-dom'] as const) {
      it(`imports peek.min.js without running it (${mode})`, () => {
        // The bundle carries lit's and tfjs's browser builds: off a
        // browser it starts nothing and registers nothing.
        const r = probe(mode, ['peek-gpt/peek.min.js']);
        assertQuiet(r);
        assert.equal(r.tfjs, null, 'the bundled tfjs never loaded');
        assert.deepEqual(r.defined, none);
        assert.ok(r.exports['peek-gpt/peek.min.js'] > 10, 'names exported');
      });
    }
  });
}
