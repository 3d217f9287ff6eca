import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv } from '../../kernel/http/context.js';
import { DomainError } from '../../kernel/http/errors.js';
import { requireSession } from '../../kernel/identity/policy.js';
import { FACT_ITEMS } from './gov24.catalogue.js';
import type { LifeService } from './gov24.life.js';
import { renderLifeInfoPage, renderNoticeEPage } from './gov24.life.pages.js';

export interface LifeRouteDeps {
  life: LifeService;
  /** An agency's name by code, in the page's language. */
  agencyName(code: string, locale: string): Promise<string>;
  /** A catalogue service's name by code, in the page's language. */
  serviceName(code: string, locale: string): Promise<string>;
}

export function registerLifeRoutes(app: OpenAPIHono<AppEnv>, deps: LifeRouteDeps): void {
  const { life } = deps;
  const holders = async (c: Context<AppEnv>, extra: string[] = []) => {
    const out = new Map<string, string>();
    for (const [item, { holder }] of Object.entries(FACT_ITEMS)) out.set(item, await deps.agencyName(holder, c.get('locale')));
    for (const code of extra) out.set(`refund:${code}`, await deps.agencyName(code, c.get('locale')));
    return out;
  };

  app.get('/gov24/notice-e', async (c) => {
    const notice = await life.noticeE(requireSession(c));
    const serviceNames = new Map<string, string>();
    for (const rule of life.rules) serviceNames.set(rule.serviceCode, await deps.serviceName(rule.serviceCode, c.get('locale')));
    return renderNoticeEPage(c, { notice, holders: await holders(c), serviceNames });
  });
  app.post('/gov24/notice-e/consent', async (c) => {
    await life.giveNoticeConsent(requireSession(c));
    return c.redirect('/gov24/notice-e', 303);
  });
  app.post('/gov24/notice-e/withdraw', async (c) => {
    await life.withdrawNoticeConsent(requireSession(c));
    return c.redirect('/gov24/notice-e', 303);
  });

  const showLifeInfo = async (c: Context<AppEnv>, extra: { errorFor?: string; error?: string; notice?: string } = {}) => {
    const info = await life.lifeInfo(requireSession(c));
    return renderLifeInfoPage(c, {
      info,
      holders: await holders(c, info.refunds.map((m) => m.agencyCode)),
      ...(extra.errorFor && extra.error ? { errorFor: extra.errorFor, errors: [{ field: `bankAccount-${extra.errorFor}`, message: extra.error }] } : {}),
      ...(extra.notice ? { notice: extra.notice } : {}),
    });
  };
  app.get('/gov24/my-info', (c) => showLifeInfo(c, c.req.query('claimed') ? { notice: c.get('t')('gov24.life.claimedNotice') } : {}));
  app.post('/gov24/my-info/refunds/:code/claim', async (c) => {
    const session = requireSession(c);
    const code = c.req.param('code');
    const form = await c.req.parseBody();
    try {
      await life.claimRefund(session, code, typeof form.bankAccount === 'string' ? form.bankAccount : '');
    } catch (error) {
      if (error instanceof DomainError && error.code === 'validation_failed') return showLifeInfo(c, { errorFor: code, error: c.get('t')('gov24.life.bankAccountInvalid') });
      throw error;
    }
    return c.redirect('/gov24/my-info?claimed=1', 303);
  });
}
