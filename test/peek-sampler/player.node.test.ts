import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {Rng} from '../../model/rng.js';
import type {StepRecord} from '../../components/peek-sampler/history.js';
import {
  StepPlayer,
  type PlayerHost,
  type StepKind,
} from '../../components/peek-sampler/player.js';
import {WindowLogits} from '../../components/peek-sampler/next-logits.js';
import {DEFAULT_SAMPLING, type SamplingSettings} from '../../src/sampling.js';
import type {PeekModel} from '../../src/store.js';

const VOCAB = ['\n', ' ', 'a', 'b', 'c', 'd', 'e'];

/** A stand-in model: logits depend on the text, after a short wait. */
function fakeModel(calls: string[] = []): PeekModel {
  const lastLogits = async (text: string) => {
    calls.push(text);
    await new Promise((r) => setTimeout(r, 2));
    let h = 0;
    for (const ch of text) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
    return Float32Array.from(VOCAB, (_, i) => ((h >> i) & 7) / 3);
  };
  return {
    tokenizer: {vocab: VOCAB, size: VOCAB.length},
    inference: {lastLogits},
  } as unknown as PeekModel;
}

/** The fakes answer lastLogits only. */
const byWindow = (m: PeekModel) => new WindowLogits(m);

class Host implements PlayerHost {
  model: PeekModel | undefined = fakeModel();
  settings: SamplingSettings = {...DEFAULT_SAMPLING, temperature: 1.5};
  length = 50;
  speed = 60;
  shown: {record: StepRecord; kind: StepKind}[] = [];
  rewinds: string[] = [];
  errors: unknown[] = [];
  stepped(record: StepRecord, kind: StepKind) {
    this.shown.push({record, kind});
  }
  rewound(reason: string) {
    this.rewinds.push(reason);
  }
  failed(e: unknown) {
    this.errors.push(e);
  }
  changed() {}
}

async function run(host: Host, n: number, seed = 1) {
  const p = new StepPlayer(host, 'ab', seed, byWindow);
  for (let i = 0; i < n; i++) await p.step();
  return p;
}

describe('StepPlayer', () => {
  it('says it was reset when steps go or the prompt is new', async () => {
    const host = new Host();
    const p = new StepPlayer(host, 'ab', 1, byWindow);
    p.restart('ab', 2); // nothing shown changes
    assert.deepEqual(host.rewinds, []);
    p.restart('ba'); // followers may have read 'ab'
    assert.deepEqual(host.rewinds, ['reset']);
    await p.step();
    p.restart();
    assert.deepEqual(host.rewinds, ['reset', 'reset']);
  });

  it('repeats a seeded run exactly', async () => {
    const a = await run(new Host(), 20, 9);
    const b = await run(new Host(), 20, 9);
    assert.equal(a.history.text, b.history.text);
    assert.equal(Array.from(a.history.text).length, 22);
  });

  it('runs rapid calls one after another, in order', async () => {
    const calls: string[] = [];
    const host = new Host();
    host.model = fakeModel(calls);
    const p = new StepPlayer(host, 'ab', 3, byWindow);
    const results = await Promise.all(Array.from({length: 6}, () => p.step()));
    assert.deepEqual(results, Array(6).fill(true));
    assert.deepEqual(
      host.shown.map((s) => s.record.index),
      [0, 1, 2, 3, 4, 5]
    );
    // Each call read the text the previous one produced.
    for (let i = 1; i < 6; i++) {
      const before = host.shown[i - 1].record;
      assert.equal(calls[i], before.context + before.chosen);
    }
  });

  it('steps back and replays the recorded steps', async () => {
    const host = new Host();
    const p = await run(host, 6);
    const end = p.history.text;
    const draws = host.shown.map((s) => s.record.step.draw);
    for (let i = 0; i < 3; i++) await p.back();
    assert.equal(p.history.cursor, 3);
    assert.equal(p.history.future, end.slice(-3));
    for (let i = 0; i < 3; i++) await p.step();
    const replays = host.shown.slice(-3);
    assert.deepEqual(
      replays.map((s) => s.kind),
      ['replay', 'replay', 'replay']
    );
    assert.deepEqual(replays.map((s) => s.record.step.draw), draws.slice(3));
    assert.equal(p.history.text, end);
  });

  it('recomputes the same steps from the saved generator state', async () => {
    const host = new Host();
    const p = await run(host, 6);
    const end = p.history.text;
    await p.back();
    await p.back();
    host.settings = {...host.settings, temperature: 0.2};
    p.history.truncate();
    host.settings = {...host.settings, temperature: 1.5};
    await p.step();
    await p.step();
    assert.deepEqual(host.shown.slice(-2).map((s) => s.kind), ['new', 'new']);
    assert.equal(p.history.text, end);
  });

  it('computes anew when the recorded step used other settings', async () => {
    const host = new Host();
    const p = await run(host, 2);
    await p.back();
    host.settings = {...host.settings, topK: 1};
    await p.step();
    assert.equal(host.shown.at(-1)!.kind, 'new');
    assert.deepEqual(host.shown.at(-1)!.record.settings, host.settings);
  });

  it('fires a rewind when stepping back before the first step', async () => {
    const host = new Host();
    const p = await run(host, 1);
    assert.equal(await p.back(), true);
    assert.equal(await p.back(), false);
    assert.deepEqual(host.rewinds, ['back']);
  });

  it('shows nothing from a step in flight when stopped', async () => {
    const host = new Host();
    let release = () => {};
    let started = () => {};
    const running = new Promise<void>((r) => (started = r));
    const inner = host.model!.inference;
    host.model = {
      ...host.model!,
      inference: {
        lastLogits: async (text: string) => {
          started();
          await new Promise<void>((r) => (release = r));
          return inner.lastLogits(text);
        },
      },
    } as unknown as PeekModel;
    const p = new StepPlayer(host, 'ab', 1, byWindow);
    const inFlight = p.step();
    const queued = p.step();
    await running; // the model is now working on the first step
    p.stop();
    release();
    assert.deepEqual(await Promise.all([inFlight, queued]), [false, false]);
    assert.equal(host.shown.length, 0);
    assert.equal(p.history.cursor, 0);
    assert.equal(host.errors.length, 0);
  });

  it("draws the seeded generator's sequence, one per step", async () => {
    const host = new Host();
    const p = await run(host, 8, 77);
    const rng = new Rng(77);
    const records = host.shown.map((s) => s.record);
    assert.deepEqual(
      records.map((r) => r.step.draw),
      records.map(() => rng.next())
    );
    for (let i = 1; i < records.length; i++) {
      assert.equal(records[i].rngBefore, records[i - 1].rngAfter);
    }
    assert.equal(p.history.rngState, rng.seedState);
  });

  it('stops at the length', async () => {
    const host = new Host();
    host.length = 3;
    const p = await run(host, 5);
    assert.equal(p.history.cursor, 3);
  });

  it('plays to the end, then stops', async () => {
    const host = new Host();
    host.length = 4;
    const p = new StepPlayer(host, 'ab', 1, byWindow);
    p.play();
    assert.equal(p.playing, true);
    while (p.playing) await new Promise((r) => setTimeout(r, 5));
    assert.equal(p.history.cursor, 4);
  });

  it('reports a failed step through the host, never rejecting', async () => {
    const host = new Host();
    host.model = {
      tokenizer: {vocab: VOCAB},
      inference: {
        lastLogits: async () => {
          throw new Error('Inference used after dispose().');
        },
      },
    } as unknown as PeekModel;
    const p = new StepPlayer(host, 'ab', 1, byWindow);
    assert.equal(await p.step(), false);
    assert.equal(host.errors.length, 1);
  });
});
