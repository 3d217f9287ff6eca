import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { createTestDatabase } from '../../../test/support/database.js';
import { loadConfig } from '../config/config.js';
import { migrate } from '../db/migrator.js';
import { migrationSourcesFor } from '../kernel.js';
import type { ModuleManifest } from '../module.js';
import { configCheck, databaseCheck, migrationsCheck, nodeVersionCheck, runDoctor, secretKeyCheck, type DoctorContext } from './doctor.js';

const folders: string[] = [];
const tempDir = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nara-doctor-'));
  folders.push(dir);
  return dir;
};
after(() => {
  for (const dir of folders) fs.rmSync(dir, { recursive: true, force: true });
});

const quiet = () => {
  const lines: string[] = [];
  return { lines, print: (line: string) => void lines.push(line) };
};

describe('nara doctor', () => {
  test('says which Node.js versions are supported', () => {
    const ctx = (nodeVersion: string): DoctorContext => ({ env: {}, modules: [], nodeVersion });
    assert.equal((nodeVersionCheck.run(ctx('v20.20.2')) as { status: string }).status, 'problem');
    assert.equal((nodeVersionCheck.run(ctx('v25.1.0')) as { status: string }).status, 'warn');
    assert.equal((nodeVersionCheck.run(ctx('v24.21.0')) as { status: string }).status, 'ok');
  });

  test('a configuration that does not parse is a problem, and the checks that need it say so', async () => {
    const out = quiet();
    const report = await runDoctor({ modules: [], env: { PORT: 'eighty', NARA_DATA_DIR: tempDir() }, print: out.print });
    assert.equal(report.hasProblem, true);
    assert.equal(report.results.find((r) => r.name === 'Configuration')?.status, 'problem');
    assert.equal(report.results.find((r) => r.name === 'Database')?.status, 'skipped');
    assert.match(out.lines.join('\n'), /^PROBLEM {2}Configuration: The configuration is not valid: PORT/m);
    assert.match(out.lines.join('\n'), /What to do: /);
    assert.match(out.lines.at(-1) ?? '', /1 problem\(s\) found/);
  });

  test('a fresh install on the embedded database has no problem', async () => {
    const out = quiet();
    const dataDir = path.join(tempDir(), 'data');
    const report = await runDoctor({ modules: [], env: { NARA_DATA_DIR: dataDir }, print: out.print });
    assert.equal(report.hasProblem, false, out.lines.join('\n'));
    assert.match(out.lines.join('\n'), /OK {7}Data folder: .* will be created on first start/);
    assert.match(out.lines.join('\n'), /development file mailer/);
    assert.match(out.lines.join('\n'), /Demo mode is on/);
  });

  test('an embedded folder held by another live process is a problem naming its pid', async () => {
    const dataDir = tempDir();
    fs.mkdirSync(path.join(dataDir, 'pgdata'));
    const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 120000)'], { stdio: 'ignore' });
    try {
      fs.writeFileSync(path.join(dataDir, 'nara.lock'), String(holder.pid));
      const ctx: DoctorContext = { env: { NARA_DATA_DIR: dataDir }, modules: [], nodeVersion: 'v24.0.0' };
      await configCheck.run(ctx);
      const result = await databaseCheck.run(ctx);
      assert.equal(result.status, 'problem');
      assert.match(result.message, new RegExp(`in use by another process \\(pid ${holder.pid}\\)`));
      assert.equal(fs.readFileSync(path.join(dataDir, 'nara.lock'), 'utf8'), String(holder.pid), 'the doctor leaves the lock alone');
    } finally {
      holder.kill('SIGKILL');
      await once(holder, 'exit');
    }
  });

  test('an unreachable PostgreSQL is a problem that says what to check', async () => {
    const ctx: DoctorContext = { env: { DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' }, modules: [], nodeVersion: 'v24.0.0' };
    await configCheck.run(ctx);
    const result = await databaseCheck.run(ctx);
    assert.equal(result.status, 'problem');
    assert.match(result.message, /PostgreSQL at DATABASE_URL is not reachable/);
    assert.match(result.fix ?? '', /DATABASE_URL/);
  });

  test('pending migrations are reported and a changed applied migration is a problem', async () => {
    const database = await createTestDatabase();
    const dir = tempDir();
    const modules: ModuleManifest[] = [{ name: 'doc', migrations: { owner: 'test.doctor', dir }, create: () => ({ name: 'doc', register() {} }) }];
    try {
      await migrate(database.db, migrationSourcesFor([]));
      fs.writeFileSync(path.join(dir, '0001_first.sql'), 'create table doctor_probe (id int);\n');
      const ctx: DoctorContext = { env: {}, modules, nodeVersion: 'v24.0.0', config: loadConfig({ NARA_ENV: 'test' }), database };
      const pending = await migrationsCheck.run(ctx);
      assert.equal(pending.status, 'warn');
      assert.match(pending.message, /1 migration\(s\) are not applied yet: test\.doctor\/0001_first\.sql/);
      await migrate(database.db, migrationSourcesFor(modules));
      assert.equal((await migrationsCheck.run(ctx)).status, 'ok');
      fs.writeFileSync(path.join(dir, '0001_first.sql'), 'create table doctor_probe (id bigint);\n');
      const changed = await migrationsCheck.run(ctx);
      assert.equal(changed.status, 'problem');
      assert.match(changed.message, /was changed after it was applied/);
    } finally {
      await database.close();
    }
  });

  test('a derived secret key is fine in development and a warning elsewhere', async () => {
    const dev: DoctorContext = { env: {}, modules: [], nodeVersion: 'v24.0.0', config: loadConfig({ NARA_ENV: 'development' }) };
    assert.equal((await secretKeyCheck.run(dev)).status, 'ok');
    const test_: DoctorContext = { env: {}, modules: [], nodeVersion: 'v24.0.0', config: loadConfig({ NARA_ENV: 'test' }) };
    assert.equal((await secretKeyCheck.run(test_)).status, 'warn');
  });
});
