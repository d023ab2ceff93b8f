import assert from 'node:assert/strict';
import {existsSync, readFileSync} from 'node:fs';
import {describe, it} from 'node:test';
import {Tokenizer} from '../../model/tokenizer.js';

/** The opening of tiny-shakespeare, which this project's model reads. */
const SAMPLE =
  'First Citizen:\n' +
  'Before we proceed any further, hear me speak.\n\n' +
  'All:\nSpeak, speak.\n\n' +
  'First Citizen:\n' +
  'You are all resolved rather to die than to famish?\n\n' +
  "All:\nResolved. resolved.\n\nFirst Citizen:\nLet us kill him, and we'll " +
  "have corn at our own price.\nIs't a verdict?\n";

const CORPUS = new URL(
  '../../../shared/data/tinyshakespeare.txt',
  import.meta.url
);

describe('Tokenizer', () => {
  describe('fromText()', () => {
    const tok = Tokenizer.fromText(SAMPLE);

    it('makes a sorted vocabulary of the distinct characters', () => {
      assert.deepEqual(tok.vocab, [...new Set(SAMPLE)].sort());
    });

    it('round-trips the sample: decode(encode(text)) === text', () => {
      assert.equal(tok.decode(tok.encode(SAMPLE)), SAMPLE);
    });

    it('flags no position of its own text as unknown', () => {
      const {unknown} = tok.encodeDetailed(SAMPLE);
      assert.equal(unknown.length, SAMPLE.length);
      assert.deepEqual(unknown, new Array(SAMPLE.length).fill(false));
    });

    it(
      'round-trips the whole tiny-shakespeare corpus (65 characters)',
      {skip: !existsSync(CORPUS) && 'corpus not found'},
      () => {
        const text = readFileSync(CORPUS, 'utf8');
        const whole = Tokenizer.fromText(text);
        assert.equal(whole.size, 65);
        assert.equal(whole.decode(whole.encode(text)), text);
      }
    );
  });

  describe('encodeDetailed() with characters outside the vocabulary', () => {
    const tok = Tokenizer.fromText(SAMPLE);
    const id = (ch: string) => tok.vocab.indexOf(ch);

    it('reads an emoji as one unknown token, not two halves', () => {
      const {ids, chars, unknown} = tok.encodeDetailed('a\u{1F600}e');
      assert.deepEqual(chars, ['a', '\u{1F600}', 'e']);
      assert.deepEqual(unknown, [false, true, false]);
      assert.deepEqual(ids, [id('a'), id(' '), id('e')]);
    });

    it('stands in e for é, keeping positions', () => {
      const {ids, unknown} = tok.encodeDetailed('caf\u00e9s');
      assert.deepEqual(ids, tok.encode('cafes'));
      assert.deepEqual(unknown, [false, false, false, true, false]);
    });

    it('stands in a space for a tab', () => {
      const {ids, unknown} = tok.encodeDetailed('a\te');
      assert.deepEqual(ids, tok.encode('a e'));
      assert.deepEqual(unknown, [false, true, false]);
    });

    it('stands in ASCII look-alikes for curly quotes and dashes', () => {
      const tok2 = Tokenizer.fromText(SAMPLE + '"-');
      assert.deepEqual(
        tok2.encode('\u2019\u201c\u2014'),
        tok2.encode('\'"-')
      );
    });

    it("stands in ' for double quotes when the vocabulary has no \"", () => {
      assert.equal(tok.has('"'), false);
      assert.equal(tok.has("'"), true);
      const {ids, unknown} = tok.encodeDetailed('"a\u201ce\u201d');
      assert.deepEqual(ids, tok.encode("'a'e'"));
      assert.deepEqual(unknown, [true, false, true, false, true]);
    });

    it('stands in the lower-case letter for a missing capital', () => {
      assert.equal(tok.has('E'), false);
      const {ids, unknown} = tok.encodeDetailed('E');
      assert.deepEqual(ids, [id('e')]);
      assert.deepEqual(unknown, [true]);
    });

    it('stands in a space for a character with no look-alike', () => {
      assert.deepEqual(tok.encodeDetailed('\u4e2d').ids, [id(' ')]);
    });
  });

  describe('decode()', () => {
    const tok = Tokenizer.fromText('ab');

    it('throws on an id outside the vocabulary, naming the range', () => {
      assert.throws(() => tok.decode([0, 2]), /Token id 2 .*\(0\.\.1\)/);
    });
  });

  describe('constructor', () => {
    it('rejects a repeated character', () => {
      assert.throws(() => new Tokenizer(['a', 'a']), /repeats/);
    });

    it('rejects an entry of two characters', () => {
      assert.throws(() => new Tokenizer(['ab']), /exactly one character/);
    });
  });
});
