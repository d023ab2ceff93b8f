// Server-side import (issue #6, item 6): SSR frameworks import a page's
// modules in Node, with no DOM or with a minimal shim of one. Importing
// Peek there must not throw, fetch, start a tfjs backend or leave a timer;
// nothing starts until an element connects in a browser.
//
// These import the sources (under tsx); test/ship/ runs the same probe
// on the built package by its published names.
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {assertQuiet, probe} from './run-probe.js';

const TAGS = ['peek-sampler', 'peek-attention', 'peek-ffn', 'peek-embedding'];
const CLASSES = ['PeekSampler', 'PeekAttention', 'PeekFfn', 'PeekEmbedding'];

const source = (path: string) => new URL(`../../${path}`, import.meta.url).href;

/** The modules behind package.json's `exports`, and the bundle's entry. */
const ENTRIES = [
  'src/index.ts',
  'src/define-all.ts',
  ...TAGS.map((tag) => `components/${tag}/define.ts`),
  'src/peek.ts',
].map(source);

const definedAll = Object.fromEntries(TAGS.map((t, i) => [t, CLASSES[i]]));

describe('importing Peek on a server', () => {
  describe('in plain Node, with no DOM globals', () => {
    it('imports every entry point quietly', () => {
      const r = probe('bare', ENTRIES, {tsx: true});
      assertQuiet(r);
      assert.equal(Object.keys(r.exports).length, ENTRIES.length);
      assert.ok(r.exports[source('src/index.ts')] > 10, 'the API is there');
      // lit's Node build brings a registry of its own.
      assert.deepEqual(r.defined, definedAll);
    });

    it('imports the API alone without registering a tag', () => {
      const r = probe('bare', [source('src/index.ts')], {tsx: true});
      assertQuiet(r);
      assert.deepEqual(
        r.defined,
        Object.fromEntries(TAGS.map((t) => [t, null]))
      );
    });
  });

  describe('with a minimal HTMLElement and customElements', () => {
    it('registers every tag and renders as lit-ssr would', () => {
      const r = probe('fake-dom', ENTRIES, {tsx: true});
      assertQuiet(r);
      assert.deepEqual(r.defined, definedAll);
      assert.deepEqual(
        r.rendered,
        Object.fromEntries(TAGS.map((t) => [t, 'template']))
      );
    });
  });

  describe('with no custom element registry at all', () => {
    it('skips registration instead of throwing', () => {
      const r = probe('no-registry', ENTRIES, {tsx: true});
      assertQuiet(r);
      assert.deepEqual(
        r.defined,
        Object.fromEntries(TAGS.map((t) => [t, null]))
      );
    });
  });
});
