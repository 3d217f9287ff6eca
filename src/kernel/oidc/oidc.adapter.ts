import type { Adapter, AdapterPayload } from 'oidc-provider';
import type { Db } from '../db/database.js';
import { consumePayload, deleteByGrantId, deletePayload, findPayload, upsertPayload } from './oidc.repository.js';

/**
 * oidc-provider's storage on Nara's database: one `oidc_payload` row per (model, id). The provider
 * reckons expiry in wall-clock seconds (its own `Date.now()`), so the adapter does too, rather
 * than `kernel.clock`: a fake clock in tests must not make the provider's artefacts disappear.
 */
export function createAdapterFactory(db: Db): (model: string) => Adapter {
  return (model) => new NaraOidcAdapter(db, model);
}

class NaraOidcAdapter implements Adapter {
  constructor(
    private readonly db: Db,
    private readonly model: string,
  ) {}

  async upsert(id: string, payload: AdapterPayload, expiresIn: number): Promise<void> {
    await upsertPayload(this.db, {
      model: this.model,
      id,
      payload: payload as Record<string, unknown>,
      grantId: payload.grantId ?? null,
      userCode: payload.userCode ?? null,
      uid: payload.uid ?? null,
      expiresAt: expiresIn ? new Date(Date.now() + expiresIn * 1000) : null,
    });
  }

  find = (id: string) => this.findBy('id', id);
  findByUid = (uid: string) => this.findBy('uid', uid);
  findByUserCode = (userCode: string) => this.findBy('user_code', userCode);

  async consume(id: string): Promise<void> {
    await consumePayload(this.db, this.model, id, new Date());
  }

  async destroy(id: string): Promise<void> {
    await deletePayload(this.db, this.model, id);
  }

  async revokeByGrantId(grantId: string): Promise<void> {
    await deleteByGrantId(this.db, grantId);
  }

  private async findBy(by: 'id' | 'uid' | 'user_code', value: string): Promise<AdapterPayload | undefined> {
    const row = await findPayload(this.db, this.model, by, value, new Date());
    if (!row) return undefined;
    const payload = row.payload as AdapterPayload;
    return row.consumed_at ? { ...payload, consumed: Math.floor(row.consumed_at.getTime() / 1000) } : payload;
  }
}
