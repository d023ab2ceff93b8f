import { expect } from 'chai';
import { LitElement, html } from 'lit';
import * as tf from '@tensorflow/tfjs-core';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { sum } from './sum.js';

// web-test-runner serves the repo root, so packages are at /node_modules/.
const WASM_DIR = '/node_modules/@tensorflow/tfjs-backend-wasm/dist/';

class SmokeSum extends LitElement {
  static properties = { a: { type: Number }, b: { type: Number } };
  declare a: number;
  declare b: number;

  constructor() {
    super();
    this.a = 0;
    this.b = 0;
  }

  render() {
    const total = sum(this.a, this.b);
    return html`<output>${this.a} + ${this.b} = ${total}</output>`;
  }
}
customElements.define('peek-smoke-sum', SmokeSum);

describe('<peek-smoke-sum>', () => {
  it('renders the sum of its attributes', async () => {
    const el = document.createElement('peek-smoke-sum') as SmokeSum;
    el.setAttribute('a', '2');
    el.setAttribute('b', '2');
    document.body.append(el);
    await el.updateComplete;
    const output = el.shadowRoot?.querySelector('output');
    expect(output?.textContent).to.equal('2 + 2 = 4');
    el.remove();
  });
});

describe('tfjs wasm backend in Chromium', () => {
  it('initialises from the served .wasm files', async () => {
    setWasmPaths(WASM_DIR);
    expect(await tf.setBackend('wasm')).to.equal(true);
    expect(tf.getBackend()).to.equal('wasm');
  });

  it('adds tensors without leaking', async () => {
    const before = tf.memory().numTensors;
    const out = tf.tidy(() => tf.add([1, 2, 3], [10, 20, 30]));
    expect(Array.from(await out.data())).to.deep.equal([11, 22, 33]);
    out.dispose();
    expect(tf.memory().numTensors).to.equal(before);
  });
});

describe('static files', () => {
  it('are fetchable by a URL relative to the test module', async () => {
    const url = new URL('../../package.json', import.meta.url);
    const pkg = await (await fetch(url)).json();
    expect(pkg.name).to.equal('peek-gpt');
  });
});
