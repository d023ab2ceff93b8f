import {spawnSync} from 'node:child_process';
import {existsSync} from 'node:fs';
import {fileURLToPath} from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Runs a command in `cwd`, throwing with its output if it fails. */
export function sh(
  command: string,
  args: string[],
  cwd = ROOT,
  env: Record<string, string> = {}
): string {
  const r = spawnSync(command, args, {
    cwd,
    encoding: 'utf8',
    env: {...process.env, ...env},
    maxBuffer: 64 * 1024 * 1024,
  });
  const output = `${r.stdout ?? ''}${r.stderr ?? ''}`;
  if (r.status !== 0) {
    throw new Error(
      `${command} ${args.join(' ')} failed (${r.status ?? r.error}):\n` +
        output.slice(-4000)
    );
  }
  return output;
}

/**
 * `npm run build`, as a user would run it. PEEK_SHIP_PREBUILT=1 reuses an
 * existing dist/ (handy while editing the tests; CI always builds).
 */
export function build(): string {
  const built = existsSync(`${ROOT}dist/peek.min.js`);
  if (process.env.PEEK_SHIP_PREBUILT === '1' && built) {
    return 'reused dist/';
  }
  return sh('npm', ['run', 'build']);
}
