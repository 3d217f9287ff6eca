import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { once } from 'node:events';
import { after, describe, test } from 'node:test';
import { sql } from 'kysely';
import { openDatabase } from '../../src/kernel/db/database.js';
import { readMigrations } from '../../src/kernel/db/migrator.js';
import { migrationSourcesFor } from '../../src/kernel/kernel.js';
import { allModules } from '../../src/modules/index.js';
import { childEnv, fixtures, repoRoot, runToEnd, tempDir } from './helpers.js';

// These are about the embedded database's folder, so both passes run them on PGlite.
const folders: string[] = [];
const newFolder = () => {
  const dir = tempDir('nara-embedded-');
  folders.push(dir);
  return dir;
};
const children: ReturnType<typeof spawn>[] = [];
after(() => {
  // A failed assertion must not leave a child running and the runner waiting for it.
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  for (const dir of folders) fs.rmSync(dir, { recursive: true, force: true });
});

/** Resolves with the first line of `stream` that matches, or rejects if the process ends first. */
function waitForLine(child: ReturnType<typeof spawn>, pattern: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const onData = (chunk: Buffer) => {
      seen += chunk.toString();
      const match = seen.split('\n').find((line) => pattern.test(line));
      if (match) {
        child.stdout?.off('data', onData);
        resolve(match);
      }
    };
    child.stdout?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`process exited (${code}) before printing ${pattern}; output: ${seen}`)));
  });
}

// A generous limit so that a hang fails the run instead of stalling it; not a timing assertion.
describe('the embedded database folder', { timeout: 300_000 }, () => {
  test('a second process on the same folder is refused with a clear message naming the holder', async () => {
    const dataDir = newFolder();
    const held = await openDatabase({ dataDir });
    try {
      const viaCli = await runToEnd(['bin/nara.mjs', 'migrate'], childEnv({ NARA_DATA_DIR: dataDir }));
      assert.equal(viaCli.code, 1);
      assert.match(viaCli.stderr, new RegExp(`already in use by another Nara process \\(pid ${process.pid}\\)`));
      assert.match(viaCli.stderr, /Stop that process first, or point NARA_DATA_DIR at another folder/);

      const direct = await runToEnd(['--import', 'tsx', path.join(fixtures, 'open-database.ts'), dataDir], childEnv({}));
      assert.equal(direct.code, 1);
      assert.match(direct.stderr, new RegExp(`pid ${process.pid}`));
      assert.doesNotMatch(direct.stdout, /opened/);
    } finally {
      await held.close();
    }
    assert.equal(fs.existsSync(path.join(dataDir, 'nara.lock')), false, 'closing releases the lock');
  });

  test('a lock left by a process that has died is taken over', async () => {
    const dataDir = newFolder();
    const short = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
    const deadPid = short.pid!;
    await once(short, 'exit');
    fs.writeFileSync(path.join(dataDir, 'nara.lock'), String(deadPid));

    const opened = await runToEnd(['--import', 'tsx', path.join(fixtures, 'open-database.ts'), dataDir], childEnv({}));
    assert.equal(opened.stderr, '');
    assert.match(opened.stdout, /opened/);
    assert.equal(opened.code, 0);
    assert.equal(fs.existsSync(path.join(dataDir, 'nara.lock')), false);
  });

  test('nara start on PORT=0 prints its URL, serves, and stops cleanly on SIGTERM', async () => {
    const dataDir = newFolder();
    const nara = spawn(process.execPath, ['bin/nara.mjs', 'start'], {
      cwd: repoRoot,
      env: childEnv({ NARA_DATA_DIR: dataDir, PORT: '0' }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(nara);
    const exited = once(nara, 'exit');
    const line = await waitForLine(nara, /^Open http:\/\/localhost:\d+/);
    const url = line.replace(/^Open /, '').trim();
    assert.notEqual(new URL(url).port, '0');
    const ready = await fetch(`${url}/readyz`);
    assert.equal(ready.status, 200);
    assert.equal(fs.readFileSync(path.join(dataDir, 'nara.lock'), 'utf8'), String(nara.pid));

    nara.kill('SIGTERM');
    const [code] = await exited;
    assert.equal(code, 0);
    assert.equal(fs.existsSync(path.join(dataDir, 'nara.lock')), false, 'the lock is released');

    const reopened = await openDatabase({ dataDir });
    try {
      const applied = await sql<{ n: number }>`select count(*)::int as n from nara_migration`.execute(reopened.db);
      assert.equal(applied.rows[0]?.n, readMigrations(migrationSourcesFor(allModules)).length, 'start applied every migration');
    } finally {
      await reopened.close();
    }
  });

  test('after SIGTERM in the middle of writes the folder reopens with every committed row intact', async () => {
    const dataDir = newFolder();
    const writer = spawn(process.execPath, ['--import', 'tsx', path.join(fixtures, 'writer.ts'), dataDir], {
      cwd: repoRoot,
      env: childEnv({}),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(writer);
    let stderr = '';
    writer.stderr.on('data', (d) => (stderr += d));
    const exited = once(writer, 'exit');
    await waitForLine(writer, /^writing$/);
    writer.kill('SIGTERM');
    const [code] = await exited;
    assert.equal(stderr, '');
    assert.equal(code, 0);
    assert.equal(fs.existsSync(path.join(dataDir, 'nara.lock')), false, 'the lock is released');

    const reopened = await openDatabase({ dataDir });
    try {
      const rows = await sql<{ rows: number; batches: number; partial: number }>`
        select count(*)::int as rows,
               count(distinct batch)::int as batches,
               (select count(*)::int from (select batch from writer_row group by batch having count(*) <> 5) p) as partial
        from writer_row`.execute(reopened.db);
      const result = rows.rows[0]!;
      assert.ok(result.rows > 0, 'rows written before SIGTERM are there');
      assert.equal(result.rows, result.batches * 5);
      assert.equal(result.partial, 0, 'no half-written transaction');
      await sql`insert into writer_row (batch, payload) values (0, 'after reopen')`.execute(reopened.db);
    } finally {
      await reopened.close();
    }
  });
});
