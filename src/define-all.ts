/**
 * Registers every Peek element under its usual tag (`peek-gpt/define`).
 * Each define module skips a tag that is already taken, so a second copy
 * of Peek on the page is harmless; this then warns once.
 */
import '../components/peek-sampler/define.js';
import '../components/peek-attention/define.js';
import '../components/peek-ffn/define.js';
import '../components/peek-embedding/define.js';
import {warnIfTaken} from './elements.js';

warnIfTaken();
