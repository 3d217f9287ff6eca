#!/usr/bin/env node
// The whole test suite: static checks, then every test file on the embedded database, again on
// PostgreSQL (a fresh database per test file), then the browser journeys. Ends with one line
// "N passed, N failed" over all passes.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const args = new Set(process.argv.slice(2));
const only = (name) => args.size === 0 || args.has(name);
const bin = (name) => path.join('node_modules', '.bin', name);
const totals = { passed: 0, failed: 0, skipped: 0 };
const failures = [];

function run(label, command, commandArgs, env = {}) {
  console.log(`\n=== ${label} ===`);
  const result = spawnSync(command, commandArgs, {
    env: { ...process.env, NARA_LOG_LEVEL: 'silent', ...env },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 256 * 1024 * 1024,
  });
  process.stdout.write(result.stdout ?? '');
  if (result.status !== 0) failures.push(label);
  return result;
}

function countTests(label, result) {
  const out = result.stdout ?? '';
  const num = (word) => Number((out.match(new RegExp(`^[ℹ#] ${word} (\\d+)$`, 'm')) ?? [])[1] ?? 0);
  const passed = num('pass');
  const failed = num('fail');
  totals.passed += passed;
  totals.failed += failed;
  totals.skipped += num('skipped') + num('todo');
  if (passed + failed === 0) failures.push(`${label}: no test ran`);
}

function testFiles(dirs) {
  const found = [];
  const walk = (dir) => {
    if (!fs.existsSync(dir)) return;
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (entry.name.endsWith('.test.ts') || entry.name.endsWith('.test.tsx')) found.push(p);
    }
  };
  dirs.forEach(walk);
  return found.sort();
}

const nodeTest = (files) => [
  '--import', 'tsx', '--test', '--test-reporter=spec', '--test-concurrency=1', ...files,
];

if (only('static')) {
  run('typecheck', bin('tsc'), ['--noEmit']);
  run('lint', bin('eslint'), ['.', '--max-warnings=0']);
  run('i18n catalogues', 'node', ['--import', 'tsx', 'scripts/check-i18n.ts']);
}

const serverFiles = testFiles(['src', 'test/http', 'test/db']);
if (only('embedded')) countTests('tests on the embedded database', run('tests on the embedded database', 'node', nodeTest(serverFiles)));

const pgUrl = process.env.NARA_TEST_POSTGRES_URL ?? process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
if (only('postgres')) {
  const probe = spawnSync('node', ['--import', 'tsx', 'scripts/pg-ping.ts', pgUrl], { encoding: 'utf8' });
  if (probe.status === 0) {
    countTests('tests on PostgreSQL', run('tests on PostgreSQL', 'node', nodeTest(serverFiles), { NARA_TEST_POSTGRES_URL: pgUrl }));
  } else if (process.env.CI) {
    failures.push(`PostgreSQL at ${pgUrl} is not reachable: ${probe.stderr.trim()}`);
  } else {
    console.log(`\n(PostgreSQL at ${pgUrl} is not reachable; the PostgreSQL pass was not run. CI runs it.)`);
  }
}

const browserFiles = testFiles(['test/e2e']);
if (only('e2e') && browserFiles.length > 0) {
  countTests('browser journeys', run('browser journeys (Chromium)', 'node', nodeTest(browserFiles)));
}

console.log('');
if (failures.length > 0) console.log(`Failed steps: ${failures.join('; ')}`);
console.log(`${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''}`);
process.exit(failures.length > 0 || totals.failed > 0 ? 1 : 0);
