import {
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import {join} from 'node:path';

/** Everything needed to continue a run exactly where it stopped. */
export interface ResumeState {
  step: number;
  rngState: number;
  adamT: number;
  bestVal: number;
  params: Float32Array[];
  m: Float32Array[];
  v: Float32Array[];
}

function packArrays(arrays: Float32Array[]): Uint8Array {
  const total = arrays.reduce((n, a) => n + a.length, 0);
  const out = new Float32Array(total);
  let o = 0;
  for (const a of arrays) {
    out.set(a, o);
    o += a.length;
  }
  return new Uint8Array(out.buffer);
}

function unpackArrays(bytes: Buffer, sizes: number[]): Float32Array[] {
  const all = new Float32Array(
    bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)
  );
  const need = sizes.reduce((a, b) => a + b, 0);
  if (all.length !== need) {
    throw new Error(
      `Checkpoint holds ${all.length} values; this model needs ${need}.`
    );
  }
  let o = 0;
  return sizes.map((n) => {
    const a = all.slice(o, o + n);
    o += n;
    return a;
  });
}

/** Writes the state atomically: a killed write leaves the old one intact. */
export function saveResume(dir: string, s: ResumeState): void {
  const tmp = join(dir, '.tmp');
  mkdirSync(tmp, {recursive: true});
  writeFileSync(join(tmp, 'params.bin'), packArrays(s.params));
  writeFileSync(join(tmp, 'adam-m.bin'), packArrays(s.m));
  writeFileSync(join(tmp, 'adam-v.bin'), packArrays(s.v));
  const meta = {
    step: s.step,
    rngState: s.rngState,
    adamT: s.adamT,
    bestVal: s.bestVal,
  };
  writeFileSync(join(tmp, 'state.json'), JSON.stringify(meta, null, 2));
  const final = join(dir, 'state');
  const old = join(dir, '.old');
  if (existsSync(final)) renameSync(final, old);
  renameSync(tmp, final);
  if (existsSync(old)) rmSync(old, {recursive: true, force: true});
}

/** Reads a saved state, or undefined when there is none. */
export function loadResume(dir: string, sizes: number[]): ResumeState | undefined {
  // A crash between the two renames of saveResume leaves only ".old".
  const d = [join(dir, 'state'), join(dir, '.old')].find((p) =>
    existsSync(join(p, 'state.json'))
  );
  if (!d) return undefined;
  const meta = JSON.parse(readFileSync(join(d, 'state.json'), 'utf8'));
  return {
    ...meta,
    params: unpackArrays(readFileSync(join(d, 'params.bin')), sizes),
    m: unpackArrays(readFileSync(join(d, 'adam-m.bin')), sizes),
    v: unpackArrays(readFileSync(join(d, 'adam-v.bin')), sizes),
  };
}
