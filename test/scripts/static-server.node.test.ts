// scripts/static-server.mjs serves the examples and the shipping tests;
// a request it cannot map must be answered, never end the server.
import assert from 'node:assert/strict';
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, before, describe, it} from 'node:test';
import {serveStatic, type StaticServer} from '../../scripts/static-server.mjs';

describe('static-server', () => {
  let dir: string;
  let server: StaticServer;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'peek-static-'));
    writeFileSync(join(dir, 'a b.txt'), 'spaced');
    server = await serveStatic([['/', dir]]);
  });
  after(async () => {
    await server.close();
    rmSync(dir, {recursive: true, force: true});
  });

  it('serves a file whose name is percent-encoded', async () => {
    const res = await fetch(`${server.origin}/a%20b.txt`);
    assert.equal(res.status, 200);
    assert.equal(await res.text(), 'spaced');
  });

  it('answers 404 to a malformed escape and keeps serving', async () => {
    for (const bad of ['/%E0%A4%A', '/%', '/x%zz']) {
      const res = await fetch(`${server.origin}${bad}`);
      assert.equal(res.status, 404, bad);
      await res.text();
    }
    const res = await fetch(`${server.origin}/a%20b.txt`);
    assert.equal(res.status, 200);
    await res.text();
  });

  it('does not serve outside its folder', async () => {
    const res = await fetch(`${server.origin}/..%2f..%2fetc%2fpasswd`);
    assert.equal(res.status, 404);
    await res.text();
  });
});
