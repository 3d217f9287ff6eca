import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { ConfigError, loadConfig } from '../../kernel/config/config.js';
import { certificatesFromPem, federationFromConfig } from './sharing.federation.js';
import { isRemote } from './sharing.types.js';

const base = { NARA_ENV: 'test', NARA_DATA_DIR: '.nara-test' } as const;

describe('sharing federation settings from the environment', () => {
  test('remote providers are CODE=URL pairs; a bad pair and plain http in production are refused', () => {
    const config = loadConfig({ ...base, NARA_SHARING_REMOTE_PROVIDERS: 'MOJ=http://127.0.0.1:3001/, NTS=https://nts.example', NARA_SHARING_PROVIDER_TIMEOUT_MS: '5000' });
    assert.deepEqual(config.sharingRemoteProviders, { MOJ: 'http://127.0.0.1:3001', NTS: 'https://nts.example' });
    const settings = federationFromConfig(config, () => undefined);
    assert.equal(settings.providerTimeoutMs, 5000);
    assert.ok(settings.providers && isRemote(settings.providers.MOJ!) && settings.providers.MOJ.url === 'http://127.0.0.1:3001');
    assert.throws(() => loadConfig({ ...base, NARA_SHARING_REMOTE_PROVIDERS: 'moj=ftp://x' }), ConfigError);
    assert.throws(() => loadConfig({ ...base, NARA_SHARING_REMOTE_PROVIDERS: 'MOJ' }), ConfigError);
    assert.throws(
      () => loadConfig({ NARA_ENV: 'production', DATABASE_URL: 'postgres://db/nara', NARA_SECRET_KEY: Buffer.alloc(32, 1).toString('base64'), NARA_SHARING_REMOTE_PROVIDERS: 'MOJ=http://moj.example' }),
      (e: unknown) => e instanceof ConfigError && e.problems.some((p) => p.includes('https')),
    );
    assert.deepEqual(federationFromConfig(loadConfig(base), () => undefined), {}, 'nothing configured: every registry is local');
  });

  test('peer roots come from a PEM file read at each refresh; a missing file trusts no peer', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nara-roots-'));
    const file = path.join(dir, 'peers.pem');
    const warnings: string[] = [];
    const { peerRoots } = federationFromConfig(loadConfig({ ...base, NARA_SHARING_PEER_ROOTS: file }), (m) => warnings.push(m));
    assert.deepEqual(await peerRoots!(), []);
    assert.equal(warnings.length, 1);
    const der = Buffer.from('3003020101', 'hex');
    fs.writeFileSync(file, `junk\n-----BEGIN CERTIFICATE-----\n${der.toString('base64')}\n-----END CERTIFICATE-----\n`);
    assert.deepEqual((await peerRoots!()).map((d) => Buffer.from(d).toString('hex')), ['3003020101']);
    assert.equal(certificatesFromPem('no certificates here').length, 0);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
