import {expect} from 'chai';
import '../../components/peek-attention/define.js';
import type {PeekAttention} from '../../components/peek-attention/peek-attention.js';
import type {PeekSampler} from '../../components/peek-sampler/peek-sampler.js';
import {captureWarnings} from '../warnings.js';
import {model, stepN} from './helpers.js';

function samplerWith(id: string, prompt: string): PeekSampler {
  const el = document.createElement('peek-sampler');
  el.id = id;
  el.setAttribute('prompt', prompt);
  return el;
}

/** The text a following view shows, once it has traced it. */
async function shown(view: PeekAttention): Promise<string> {
  await view.traceComplete;
  return view.trace!.chars.join('');
}

const sharedIdWarning = (id: string) =>
  `<peek-sampler>: id="${id}" is also the id of an earlier <peek-sampler> ` +
  `on this page. Views with for="${id}" follow the first one in document ` +
  'order and ignore this one; give each element its own id.';

describe('<peek-sampler> sharing its id with another', () => {
  const warnings = captureWarnings();
  afterEach(() => document.body.replaceChildren());

  it('warns once, naming the id, and views follow the first', async () => {
    const first = samplerWith('twin', 'ROMEO:');
    const second = samplerWith('twin', 'JULIET:');
    const view = document.createElement('peek-attention');
    view.setAttribute('for', 'twin');
    document.body.append(first, second, view);
    await model();
    expect(await shown(view)).to.equal('ROMEO:');
    await stepN(second, 2);
    expect(await shown(view)).to.equal('ROMEO:');
    await stepN(first, 2);
    expect(first.currentText).to.have.length('ROMEO:'.length + 1);
    expect(await shown(view)).to.equal(first.currentText);
    // A third with the same id, and the second moved: still one warning.
    document.body.append(samplerWith('twin', 'KING:'), second);
    await second.updateComplete;
    expect(warnings.map((w) => w[0])).to.deep.equal([
      sharedIdWarning('twin'),
    ]);
    expect(warnings[0][1]).to.equal(second);
  });

  it('names the later one when the earlier is added second', async () => {
    const old = samplerWith('pair', 'ROMEO:');
    document.body.append(old);
    const added = samplerWith('pair', 'JULIET:');
    document.body.prepend(added);
    const view = document.createElement('peek-attention');
    view.setAttribute('for', 'pair');
    document.body.append(view);
    await model();
    expect(await shown(view)).to.equal('JULIET:');
    expect(warnings.map((w) => w[0])).to.deep.equal([
      sharedIdWarning('pair'),
    ]);
    expect(warnings[0][1]).to.equal(old);
  });

  it('says nothing when each sampler has its own id', async () => {
    document.body.append(
      samplerWith('one', 'ROMEO:'),
      samplerWith('two', 'ROMEO:')
    );
    await model();
    expect(warnings).to.have.length(0);
  });
});
