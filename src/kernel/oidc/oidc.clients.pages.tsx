import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv } from '../http/context.js';
import { DomainError, type FieldProblem } from '../http/errors.js';
import { organisationName } from '../identity/identity.http.js';
import { authorize } from '../identity/policy.js';
import type { Kernel } from '../kernel.js';
import { Radios, Select, SummaryList, Table, Textarea, TextInput } from '../ui/components/index.js';
import { CsrfField, renderPage } from '../ui/page.js';
import type { ClientAuthMethod, OidcClients, RegisteredClient } from './oidc.clients.js';

const PATH = '/admin/oidc/clients';

interface FormValues {
  name?: string;
  organisationId?: string;
  redirectUris?: string;
  authMethod?: string;
  jwks?: string;
}

const field = (body: Record<string, unknown>, name: string) => (typeof body[name] === 'string' ? (body[name] as string) : '');

/** Platform administrators register the agency systems that sign people in through Nara. */
export function registerClientAdminPages(app: OpenAPIHono<AppEnv>, kernel: Kernel, clients: OidcClients): void {
  app.get(PATH, (c) => {
    authorize(c, 'oidc.clients.manage');
    return clientsPage(c, kernel, clients, {});
  });

  app.post(PATH, async (c) => {
    authorize(c, 'oidc.clients.manage');
    const body = await c.req.parseBody();
    const values: FormValues = {
      name: field(body, 'name'),
      organisationId: field(body, 'organisationId'),
      redirectUris: field(body, 'redirectUris'),
      authMethod: field(body, 'authMethod'),
      jwks: field(body, 'jwks'),
    };
    const authMethod: ClientAuthMethod = values.authMethod === 'private_key_jwt' ? 'private_key_jwt' : 'client_secret_basic';
    try {
      const registered = await clients.register({
        name: values.name ?? '',
        organisationId: values.organisationId ?? '',
        redirectUris: (values.redirectUris ?? '').split(/\s+/),
        authMethod,
        jwks: values.jwks ?? '',
      });
      c.header('Cache-Control', 'no-store');
      return clientsPage(c, kernel, clients, {}, registered);
    } catch (error) {
      const fields = error instanceof DomainError ? (error.extra.fields as FieldProblem[] | undefined) : undefined;
      if (!fields) throw error;
      return clientsPage(c, kernel, clients, values, undefined, fields.map((f) => f.field));
    }
  });
}

async function clientsPage(c: Context<AppEnv>, kernel: Kernel, clients: OidcClients, values: FormValues, registered?: RegisteredClient, invalid: string[] = []) {
  const t = c.get('t');
  const [list, organisations] = await Promise.all([clients.list(), kernel.identity.listOrganisations()]);
  const agencies = organisations.filter((o) => o.kind !== 'business');
  const nameOf = new Map(agencies.map((o) => [o.id, organisationName(c, o)]));
  const errorFor = (name: string) => (invalid.includes(name) ? t(`oidc.clients.error.${name}`) : undefined);
  const errors = invalid.map((name) => ({ field: name, message: t(`oidc.clients.error.${name}`) }));
  return renderPage(
    c,
    {
      title: t('oidc.clients.title'),
      errors,
      status: errors.length > 0 ? 422 : 200,
      ...(registered ? { banner: { kind: 'success' as const, text: t('oidc.clients.registered') } } : {}),
    },
    <>
      <h1 class="govuk-heading-l">{t('oidc.clients.title')}</h1>
      <p class="govuk-body">{t('oidc.clients.lead', { issuer: `${kernel.config.publicUrl}/oidc` })}</p>
      {registered ? (
        <>
          <h2 class="govuk-heading-m">{t('oidc.clients.credentialsHeading')}</h2>
          <SummaryList rows={[
            { key: t('oidc.clients.clientId'), value: <code>{registered.clientId}</code> },
            ...(registered.clientSecret ? [{ key: t('oidc.clients.clientSecret'), value: <code>{registered.clientSecret}</code> }] : []),
          ]} />
          {registered.clientSecret ? <p class="govuk-body govuk-!-font-weight-bold">{t('oidc.clients.secretOnce')}</p> : null}
        </>
      ) : null}
      {list.length > 0 ? (
        <Table
          caption={t('oidc.clients.listCaption')}
          head={[t('oidc.clients.name'), t('oidc.clients.clientId'), t('oidc.clients.agency'), t('oidc.clients.authMethod'), t('oidc.clients.redirectUris')]}
          rows={list.map((cl) => [
            cl.client_name,
            <code>{cl.client_id}</code>,
            nameOf.get(cl.nara_organisation_id) ?? cl.nara_organisation_id,
            t(`oidc.clients.method.${cl.token_endpoint_auth_method}`),
            cl.redirect_uris.join(' '),
          ])}
        />
      ) : (
        <p class="govuk-body">{t('oidc.clients.none')}</p>
      )}
      <h2 class="govuk-heading-m">{t('oidc.clients.registerHeading')}</h2>
      <form method="post" action={PATH} novalidate>
        <CsrfField c={c} />
        <TextInput t={t} name="name" label={t('oidc.clients.name')} value={values.name} error={errorFor('name')} />
        <Select
          t={t}
          name="organisationId"
          label={t('oidc.clients.agency')}
          value={values.organisationId}
          error={errorFor('organisationId')}
          options={[{ value: '', text: t('oidc.clients.chooseAgency') }, ...agencies.map((o) => ({ value: o.id, text: organisationName(c, o) }))]}
        />
        <Textarea t={t} name="redirectUris" label={t('oidc.clients.redirectUris')} hint={t('oidc.clients.redirectUrisHint')} value={values.redirectUris} error={errorFor('redirectUris')} rows={3} />
        <Radios
          t={t}
          name="authMethod"
          legend={t('oidc.clients.authMethod')}
          legendClass="govuk-fieldset__legend--s"
          value={values.authMethod || 'client_secret_basic'}
          items={[
            { value: 'client_secret_basic', text: t('oidc.clients.method.client_secret_basic'), hint: t('oidc.clients.methodHint.client_secret_basic') },
            { value: 'private_key_jwt', text: t('oidc.clients.method.private_key_jwt'), hint: t('oidc.clients.methodHint.private_key_jwt') },
          ]}
        />
        <Textarea t={t} name="jwks" label={t('oidc.clients.jwks')} hint={t('oidc.clients.jwksHint')} value={values.jwks} error={errorFor('jwks')} rows={4} />
        <button type="submit" class="govuk-button" data-module="govuk-button">{t('oidc.clients.registerButton')}</button>
      </form>
    </>,
  );
}
