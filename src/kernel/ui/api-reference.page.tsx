import type { Context } from 'hono';
import type { AppEnv } from '../http/context.js';
import { OPENAPI_PATH } from '../http/openapi.js';
import type { Translate } from '../i18n/i18n.js';
import { Details, Table } from './components/index.js';
import { renderPage } from './page.js';

type Json = Record<string, unknown>;

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

export interface Operation {
  id: string;
  method: string;
  path: string;
  op: Json;
  parameters: Json[];
}

const asRecord = (v: unknown): Json => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : {});

/** Follows a local `#/components/...` reference; anything else is returned as is. */
function deref(doc: Json, value: unknown): Json {
  const ref = asRecord(value).$ref;
  if (typeof ref !== 'string' || !ref.startsWith('#/')) return asRecord(value);
  let node: unknown = doc;
  for (const part of ref.slice(2).split('/')) node = asRecord(node)[part.replace(/~1/g, '/').replace(/~0/g, '~')];
  return asRecord(node);
}

/** Inlines local references for display, stopping at cycles and after a few levels. */
export function inlineSchema(doc: Json, schema: unknown, seen: string[] = []): unknown {
  if (Array.isArray(schema)) return schema.map((s) => inlineSchema(doc, s, seen));
  if (typeof schema !== 'object' || schema === null) return schema;
  const ref = (schema as Json).$ref;
  if (typeof ref === 'string') {
    if (seen.includes(ref) || seen.length > 6) return { $ref: ref };
    return inlineSchema(doc, deref(doc, schema), [...seen, ref]);
  }
  return Object.fromEntries(Object.entries(schema).map(([k, v]) => [k, inlineSchema(doc, v, seen)]));
}

/** Every operation of an OpenAPI document, sorted by path then method. */
export function listOperations(doc: Json): Operation[] {
  const out: Operation[] = [];
  for (const [path, item] of Object.entries(asRecord(doc.paths))) {
    const pathItem = asRecord(item);
    const shared = Array.isArray(pathItem.parameters) ? pathItem.parameters : [];
    for (const method of METHODS) {
      if (!(method in pathItem)) continue;
      const op = asRecord(pathItem[method]);
      const own = Array.isArray(op.parameters) ? op.parameters : [];
      const id = typeof op.operationId === 'string' ? op.operationId : `${method}${path}`;
      out.push({ id, method, path, op, parameters: [...shared, ...own].map((p) => deref(doc, p)) });
    }
  }
  return out.sort((a, b) => a.path.localeCompare(b.path) || METHODS.indexOf(a.method as never) - METHODS.indexOf(b.method as never));
}

const anchor = (op: Operation) => `op-${op.id.replace(/[^A-Za-z0-9_-]+/g, '-')}`;
const typeOf = (schema: Json) => (typeof schema.type === 'string' ? schema.type : Array.isArray(schema.type) ? schema.type.join(' | ') : '');

function SchemaBlock({ doc, schema, label }: { doc: Json; schema: unknown; label: string }) {
  return (
    <Details summary={label}>
      <pre class="nara-schema" tabindex={0} aria-label={label}><code>{JSON.stringify(inlineSchema(doc, schema), null, 2)}</code></pre>
    </Details>
  );
}

function Content({ t, doc, content }: { t: Translate; doc: Json; content: unknown }) {
  return (
    <>
      {Object.entries(asRecord(content)).map(([type, media]) => (
        <SchemaBlock doc={doc} schema={asRecord(media).schema} label={t('ui.api.schema', { type })} />
      ))}
    </>
  );
}

function OperationSection({ t, doc, op }: { t: Translate; doc: Json; op: Operation }) {
  const summary = typeof op.op.summary === 'string' ? op.op.summary : t('ui.api.noSummary');
  const body = deref(doc, op.op.requestBody);
  const security = Array.isArray(op.op.security) ? op.op.security.flatMap((s) => Object.keys(asRecord(s))) : [];
  return (
    <section class="nara-operation" id={anchor(op)} aria-labelledby={`${anchor(op)}-title`}>
      <h3 class="govuk-heading-m" id={`${anchor(op)}-title`}>
        <span class={`nara-method nara-method--${op.method}`}>{op.method.toUpperCase()}</span>
        <span class="nara-path">{op.path}</span>
      </h3>
      <p class="govuk-body-l">{summary}{op.op.deprecated === true ? ` (${t('ui.api.deprecated')})` : ''}</p>
      {typeof op.op.description === 'string' ? <p class="govuk-body">{op.op.description}</p> : null}
      {security.length > 0 ? <p class="govuk-body">{t('ui.api.requiresAuth', { schemes: security.join(', ') })}</p> : null}
      {op.parameters.length > 0 ? (
        <Table
          caption={t('ui.api.parameters')}
          captionSize="s"
          head={[t('ui.api.parameterName'), t('ui.api.parameterIn'), t('ui.api.parameterType'), t('ui.api.parameterRequired'), t('ui.api.parameterDescription')]}
          rows={op.parameters.map((p) => [
            <code>{String(p.name ?? '')}</code>,
            String(p.in ?? ''),
            typeOf(deref(doc, p.schema)),
            p.required === true ? t('ui.api.yes') : t('ui.api.no'),
            typeof p.description === 'string' ? p.description : '',
          ])}
        />
      ) : null}
      {body.content ? (
        <>
          <h4 class="govuk-heading-s">{t('ui.api.requestBody')}</h4>
          <Content t={t} doc={doc} content={body.content} />
        </>
      ) : null}
      <h4 class="govuk-heading-s">{t('ui.api.responses')}</h4>
      <dl class="govuk-summary-list">
        {Object.entries(asRecord(op.op.responses)).map(([status, value]) => {
          const response = deref(doc, value);
          return (
            <div class="govuk-summary-list__row">
              <dt class="govuk-summary-list__key">{status}</dt>
              <dd class="govuk-summary-list__value">
                {typeof response.description === 'string' ? <p class="govuk-body">{response.description}</p> : null}
                <Content t={t} doc={doc} content={response.content} />
              </dd>
            </div>
          );
        })}
      </dl>
    </section>
  );
}

export function renderApiReference(c: Context<AppEnv>, doc: Json) {
  const t = c.get('t');
  const operations = listOperations(doc);
  const schemes = asRecord(asRecord(doc.components).securitySchemes);
  return renderPage(
    c,
    { title: t('ui.api.title') },
    <>
      <h1 class="govuk-heading-xl">{t('ui.api.title')}</h1>
      <div class="govuk-grid-row">
        <div class="govuk-grid-column-two-thirds">
          <p class="govuk-body-l">{t('ui.api.intro')}</p>
          <p class="govuk-body"><a class="govuk-link" href={OPENAPI_PATH}>{t('ui.api.download')}</a></p>
          <h2 class="govuk-heading-l">{t('ui.api.authHeading')}</h2>
          <p class="govuk-body">{t('ui.api.auth1')}</p>
          <p class="govuk-body">{t('ui.api.auth2')}</p>
          <p class="govuk-body">{t('ui.api.auth3')}</p>
          {Object.keys(schemes).length > 0 ? (
            <>
              <h3 class="govuk-heading-m">{t('ui.api.securitySchemes')}</h3>
              <dl class="govuk-summary-list">
                {Object.entries(schemes).map(([name, value]) => {
                  const scheme = asRecord(value);
                  const kind = [scheme.type, scheme.scheme, scheme.bearerFormat, scheme.in, scheme.name].filter((v) => typeof v === 'string').join(', ');
                  return (
                    <div class="govuk-summary-list__row">
                      <dt class="govuk-summary-list__key"><code>{name}</code></dt>
                      <dd class="govuk-summary-list__value">
                        <p class="govuk-body">{kind}</p>
                        {typeof scheme.description === 'string' ? <p class="govuk-body" lang="en">{scheme.description}</p> : null}
                      </dd>
                    </div>
                  );
                })}
              </dl>
            </>
          ) : null}
          <h2 class="govuk-heading-l">{t('ui.api.errorsHeading')}</h2>
          <p class="govuk-body">{t('ui.api.errors')}</p>
        </div>
      </div>
      <h2 class="govuk-heading-l">{t('ui.api.operationsHeading')}</h2>
      <p class="govuk-body">{t('ui.api.operationCount', { count: operations.length })}</p>
      {operations.length > 0 ? (
        <nav aria-label={t('ui.api.contents')}>
          <ul class="govuk-list">
            {operations.map((op) => (
              <li><a class="govuk-link" href={`#${anchor(op)}`}><code>{op.method.toUpperCase()} {op.path}</code></a></li>
            ))}
          </ul>
        </nav>
      ) : null}
      {operations.map((op) => <OperationSection t={t} doc={doc} op={op} />)}
    </>,
  );
}
