import {expect} from 'chai';
import {captureWarnings} from '../warnings.js';
import {followSource, MISSING_SOURCE_GRACE_MS} from '../../src/follow.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('followSource', () => {
  const warnings = captureWarnings();
  afterEach(() => document.body.replaceChildren());

  it('passes on the context of each step of its source', async () => {
    const source = document.createElement('div');
    source.id = 'src-a';
    const follower = document.createElement('span');
    document.body.append(source, follower);
    const seen: string[] = [];
    const stop = followSource(follower, 'src-a', (t) => seen.push(t));
    source.dispatchEvent(
      new CustomEvent('peek-step', {
        detail: {context: 'ROMEO:'},
        bubbles: true,
        composed: true,
      })
    );
    stop();
    source.dispatchEvent(
      new CustomEvent('peek-step', {
        detail: {context: 'after stop'},
        bubbles: true,
      })
    );
    expect(seen).to.deep.equal(['ROMEO:']);
  });

  it('warns once, naming the id, when no source appears', async () => {
    const follower = document.createElement('span');
    document.body.append(follower);
    const stop = followSource(follower, 'no-such-id', () => undefined);
    await sleep(MISSING_SOURCE_GRACE_MS + 200);
    stop();
    expect(warnings).to.have.length(1);
    expect(String(warnings[0][0])).to.contain('for="no-such-id"');
    expect(warnings[0][1]).to.equal(follower);
  });

  it('does not warn when the source is added a little later', async () => {
    const follower = document.createElement('span');
    document.body.append(follower);
    const stop = followSource(follower, 'late-src', () => undefined);
    await sleep(100);
    const source = document.createElement('div');
    source.id = 'late-src';
    document.body.append(source);
    await sleep(MISSING_SOURCE_GRACE_MS + 200);
    stop();
    expect(warnings).to.have.length(0);
  });
});
