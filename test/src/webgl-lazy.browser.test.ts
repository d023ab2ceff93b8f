/**
 * startBackend imports tfjs's WebGL backend only when it reaches `webgl`
 * in `backends` (src/webgl-backend.ts). Here the list leaves WebGL out
 * and WebAssembly fails (its files are missing), so Peek falls through
 * to the JavaScript backend without ever loading WebGL. The opposite
 * case, WebGL asked for first, is test/src/context-lost*.
 */
import * as tf from '@tensorflow/tfjs-core';
import {expect} from 'chai';
import {backendNote, startBackend} from '../../src/backend.js';
import {configurePeek} from '../../src/options.js';

configurePeek({backends: ['wasm', 'cpu'], wasmDir: '/no-such-folder/'});

describe('startBackend with a list that leaves WebGL out', () => {
  let started: string;

  before(async () => {
    started = await startBackend();
  });

  it('falls past the failed WebAssembly to JavaScript', () => {
    expect(started).to.equal('cpu');
    expect(backendNote()).to.match(/^Running on the slower JavaScript/);
  });

  it('never imports the WebGL backend', () => {
    // As a boolean: wtr hung reporting a failure that quoted the factory.
    const registered = tf.findBackendFactory('webgl') !== null;
    expect(registered).to.equal(false);
    const fetched = performance
      .getEntriesByType('resource')
      .map((e) => e.name)
      .filter((url) => url.includes('tfjs-backend-webgl'));
    expect(fetched).to.deep.equal([]);
  });
});
