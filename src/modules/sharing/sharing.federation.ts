import fs from 'node:fs/promises';
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { NaraConfig } from '../../kernel/config/config.js';
import type { AppEnv } from '../../kernel/http/context.js';
import type { Kernel } from '../../kernel/kernel.js';
import { isRemote, type SharingSettings } from './sharing.types.js';

/** Where a node publishes the roots its system certificates chain to, for a peer's operator to pin. */
export const NODE_ROOTS_PATH = '/api/v1/sharing/node/roots';

/** The DER certificates in a PEM bundle (anything outside CERTIFICATE blocks is ignored). */
export function certificatesFromPem(pem: string): Uint8Array[] {
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g) ?? [];
  return blocks.map((b) => new Uint8Array(Buffer.from(b.replace(/-----(BEGIN|END) CERTIFICATE-----|\s/g, ''), 'base64')));
}

/**
 * The federation part of the sharing settings from the environment (NARA_SHARING_REMOTE_PROVIDERS,
 * NARA_SHARING_PEER_ROOTS, NARA_SHARING_PROVIDER_TIMEOUT_MS). The peer roots file is read each time the node refreshes its trust (at
 * most once a minute), so an operator can add a peer without a restart; a missing file trusts no peer.
 */
export function federationFromConfig(config: NaraConfig, warn: (message: string, data: Record<string, unknown>) => void): Partial<SharingSettings> {
  const out: Partial<SharingSettings> = {};
  if (config.sharingRemoteProviders && Object.keys(config.sharingRemoteProviders).length > 0) {
    out.providers = Object.fromEntries(Object.entries(config.sharingRemoteProviders).map(([code, url]) => [code, { url }]));
  }
  if (config.sharingProviderTimeoutMs !== undefined) out.providerTimeoutMs = config.sharingProviderTimeoutMs;
  const file = config.sharingPeerRootsFile;
  if (file) {
    out.peerRoots = async () => {
      try {
        return certificatesFromPem(await fs.readFile(file, 'utf8'));
      } catch (error) {
        warn('sharing peer roots not readable', { file, error: error instanceof Error ? error.message : String(error) });
        return [];
      }
    };
  }
  return out;
}

/** Provider agency id -> the node that serves its registry, for the providers this node reaches remotely. */
export async function remoteNodesOf(kernel: Kernel, settings: SharingSettings): Promise<Map<string, string>> {
  const remote = Object.entries(settings.providers).filter(([, p]) => isRemote(p));
  if (remote.length === 0) return new Map();
  const orgs = await kernel.identity.listOrganisations();
  return new Map(remote.flatMap(([code, p]) => {
    const org = orgs.find((o) => o.code === code);
    return org && isRemote(p) ? [[org.id, p.url] as const] : [];
  }));
}

/** The node's own roots as PEM: public, like the CA certificates under /pki/ca. */
export function registerNodeRoots(app: OpenAPIHono<AppEnv>, kernel: Kernel): void {
  app.get(NODE_ROOTS_PATH, async (c) => {
    const roots = await kernel.pki.trustedRoots();
    return c.body(roots.map((r) => r.toString('pem')).join('\n') + '\n', 200, { 'content-type': 'application/x-pem-file', 'cache-control': 'public, max-age=300' });
  });
}
