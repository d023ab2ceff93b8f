// Issue #6, item 14 (hot reload): after an edit to a component, Vite's
// hot module replacement (as in `npm start`'s Storybook) runs its define
// module again with a new class, while the page's elements live on. That
// must not throw, nor replace the registered class.
import {expect} from 'chai';
import {captureWarnings} from '../warnings.js';
import '../../src/define-all.js';
import {model} from './setup.js';
import type {PeekSampler} from '../../components/peek-sampler/peek-sampler.js';

const TAGS = ['peek-sampler', 'peek-attention', 'peek-ffn', 'peek-embedding'];
const here = import.meta.url;

/**
 * Runs a module again as Vite does after `edited` (a file it imports)
 * changed: a new instance of the module, importing a new instance of
 * `edited`; every other import stays the module the page already has.
 * (The test server gives each module as JavaScript, imports rewritten
 * to `.ts` paths.)
 */
async function hotReload(file: string, edited: string, n: number) {
  const url = new URL(file, here);
  const code = await (await fetch(url)).text();
  const rewritten = code.replace(
    /from\s+"(\.\.?\/[^"]+)"/g,
    (_, spec: string) => {
      const to = new URL(spec, url);
      if (to.pathname.endsWith(`/${edited}`)) to.search = `?hot=${n}`;
      return `from "${to.href}"`;
    }
  );
  const blob = new Blob([rewritten], {type: 'text/javascript'});
  const blobUrl = URL.createObjectURL(blob);
  try {
    return await import(/* @vite-ignore */ blobUrl);
  } finally {
    URL.revokeObjectURL(blobUrl);
  }
}

const warnings = captureWarnings();

describe('define modules run again (hot reload)', () => {
  it('with a new component class: no DOMException, same class', async () => {
    await model();
    const before = TAGS.map((tag) => customElements.get(tag));
    const live = document.createElement('peek-sampler') as PeekSampler;
    document.body.append(live);
    await live.updateComplete;
    for (let n = 1; n <= 3; n++) {
      for (const tag of TAGS) {
        const define = `../../components/${tag}/define.ts`;
        await hotReload(define, `${tag}.ts`, n);
        // The class the hot define module saw.
        const component = new URL(`../../components/${tag}/${tag}.ts`, here);
        component.search = `?hot=${n}`;
        const fresh = Object.values(await import(component.href)).find(
          (v) => typeof v === 'function' && v.prototype instanceof HTMLElement
        ) as CustomElementConstructor;
        // A new class, on the same base class as the registered one.
        expect(fresh).to.be.a('function');
        expect(fresh).not.to.equal(customElements.get(tag));
        expect(Object.getPrototypeOf(fresh)).to.equal(
          Object.getPrototypeOf(customElements.get(tag)!)
        );
      }
    }
    expect(TAGS.map((tag) => customElements.get(tag))).to.deep.equal(before);
    // The element on the page and a new one still work.
    expect(await live.step()).to.equal(true);
    const added = document.createElement('peek-sampler') as PeekSampler;
    document.body.append(added);
    await added.updateComplete;
    expect(await added.step()).to.equal(true);
    expect(added.fullText).to.equal(live.fullText);
    live.remove();
    added.remove();
    expect(warnings).to.deep.equal([]);
  });

  it('unchanged, any number of times: no error, no warning', async () => {
    for (let n = 1; n <= 3; n++) {
      await import(/* @vite-ignore */ `../../src/define-all.ts?again=${n}`);
      for (const tag of TAGS) {
        await import(
          /* @vite-ignore */ `../../components/${tag}/define.ts?again=${n}`
        );
      }
    }
    expect(warnings).to.deep.equal([]);
  });
});
