import type { Context } from 'hono';
import type { AppEnv } from '../../http/context.js';
import { createFormatters } from '../../i18n/format.js';
import type { Kernel } from '../../kernel.js';
import { Button, InsetText, Pagination, SummaryList, Table, TextInput } from '../../ui/components/index.js';
import { renderPage } from '../../ui/page.js';
import { encodeBase64 } from '../tlog/encoding.js';
import type { LogEntry } from './log.service.js';

const PER_PAGE = 20;

interface ShownEvent {
  type: string;
  at?: string;
  agency?: string;
  refs: [string, string][];
  subject?: string;
}

function eventOf(entry: LogEntry): ShownEvent {
  try {
    const e = JSON.parse(new TextDecoder().decode(entry.entry)) as { at?: string; agency?: string; refs?: Record<string, unknown>; subject?: string };
    return { type: entry.type, at: e.at, agency: e.agency, refs: Object.entries(e.refs ?? {}).map(([k, v]) => [k, String(v)]), subject: e.subject };
  } catch {
    return { type: entry.type, refs: [] };
  }
}

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

type Search = { kind: 'none' } | { kind: 'invalid'; query: string } | { kind: 'done'; query: string; found: LogEntry | undefined };

async function search(kernel: Kernel, raw: string | undefined): Promise<Search> {
  const query = (raw ?? '').trim();
  if (!query) return raw === undefined ? { kind: 'none' } : { kind: 'invalid', query };
  if (/^\d{1,15}$/.test(query)) return { kind: 'done', query, found: await kernel.transparencyLog.findEntry({ index: Number(query) }) };
  if (/^[0-9a-fA-F]{64}$/.test(query)) {
    return { kind: 'done', query, found: await kernel.transparencyLog.findEntry({ leafHash: Buffer.from(query, 'hex') }) };
  }
  return { kind: 'invalid', query };
}

function EntryDetails({ c, entry }: { c: Context<AppEnv>; entry: LogEntry }) {
  const t = c.get('t');
  const fmt = createFormatters(c.get('locale'));
  const event = eventOf(entry);
  return (
    <>
      <h2 class="govuk-heading-m">{t('tlog.page.entryHeading', { index: entry.index })}</h2>
      <SummaryList
        rows={[
          { key: t('tlog.page.type'), value: <code>{event.type}</code> },
          { key: t('tlog.page.agency'), value: <code>{event.agency ?? ''}</code> },
          { key: t('tlog.page.when'), value: fmt.dateTime(event.at ? new Date(event.at) : entry.appendedAt, 'medium') },
          { key: t('tlog.page.refs'), value: event.refs.length ? <ul class="govuk-list">{event.refs.map(([k, v]) => <li><code class="govuk-!-text-break-word">{`${k}: ${v}`}</code></li>)}</ul> : t('tlog.page.none') },
          { key: t('tlog.page.subject'), value: event.subject ? <code class="govuk-!-text-break-word">{event.subject}</code> : t('tlog.page.none') },
          { key: t('tlog.page.leafHash'), value: <code class="govuk-!-text-break-word">{hex(entry.leafHash)}</code> },
        ]}
      />
      <p class="govuk-body">
        <a class="govuk-link" href={`/api/v1/log/receipts/${entry.index}`}>{t('tlog.page.receiptLink', { index: entry.index })}</a>
      </p>
    </>
  );
}

/** The public "Transparency log" page: the latest checkpoint, entries newest first, search, and how to verify. */
export async function renderTransparencyPage(c: Context<AppEnv>, kernel: Kernel): Promise<Response> {
  const t = c.get('t');
  const fmt = createFormatters(c.get('locale'));
  const tlog = kernel.transparencyLog;
  const requested = Number(c.req.query('page') ?? '1');
  const found = await search(kernel, c.req.query('q'));
  const pageCount = Math.max(1, Math.ceil((await tlog.latestCheckpoint()).size / PER_PAGE));
  const page = Number.isSafeInteger(requested) && requested >= 1 ? Math.min(requested, pageCount) : 1;
  const { checkpoint, entries } = await tlog.listEntries(page, PER_PAGE);
  const verifierKey = await tlog.verifierKey();
  const logUrl = `${kernel.config.publicUrl}/log`;
  const error = found.kind === 'invalid' ? t('tlog.page.searchInvalid') : undefined;

  const rows = entries.map((entry) => {
    const event = eventOf(entry);
    return [
      { text: fmt.number(entry.index), isNumeric: true },
      <code>{event.type}</code>,
      <code>{event.agency ?? ''}</code>,
      fmt.dateTime(event.at ? new Date(event.at) : entry.appendedAt, 'medium'),
      <a class="govuk-link" href={`/transparency?q=${entry.index}`}>
        {t('tlog.page.details')}<span class="govuk-visually-hidden"> {t('tlog.page.ofEntry', { index: entry.index })}</span>
      </a>,
    ];
  });

  return renderPage(
    c,
    { title: t('tlog.page.title'), ...(error ? { errors: [{ field: 'q', message: error }] } : {}), ...(error ? { status: 400 } : {}) },
    <>
      <h1 class="govuk-heading-l">{t('tlog.page.title')}</h1>
      <p class="govuk-body">{t('tlog.page.intro')}</p>
      <h2 class="govuk-heading-m">{t('tlog.page.checkpointHeading')}</h2>
      <SummaryList
        rows={[
          { key: t('tlog.page.origin'), value: <code>{await tlog.origin()}</code> },
          { key: t('tlog.page.size'), value: fmt.number(checkpoint.size) },
          { key: t('tlog.page.root'), value: <code class="govuk-!-text-break-word">{encodeBase64(checkpoint.rootHash)}</code> },
          { key: t('tlog.page.signedAt'), value: fmt.dateTime(checkpoint.createdAt, 'medium') },
          { key: t('tlog.page.key'), value: <code class="govuk-!-text-break-word">{verifierKey}</code> },
        ]}
      />
      <p class="govuk-body">
        <a class="govuk-link" href="/log/checkpoint">{t('tlog.page.checkpointLink')}</a>
      </p>

      <form method="get" action="/transparency" novalidate>
        <TextInput t={t} name="q" label={t('tlog.page.searchLabel')} hint={t('tlog.page.searchHint')} value={found.kind === 'none' ? undefined : found.query} error={error} spellcheck={false} labelClass="govuk-label--m" />
        <Button text={t('tlog.page.searchButton')} variant="secondary" />
      </form>
      {found.kind === 'done' ? (
        found.found ? <EntryDetails c={c} entry={found.found} /> : <InsetText>{t('tlog.page.notFound', { query: found.query })}</InsetText>
      ) : null}

      {rows.length > 0 ? (
        <Table
          caption={t('tlog.page.latestCaption')}
          head={[{ text: t('tlog.page.index'), isNumeric: true }, t('tlog.page.type'), t('tlog.page.agency'), t('tlog.page.when'), t('tlog.page.action')]}
          rows={rows}
        />
      ) : (
        <>
          <h2 class="govuk-heading-m">{t('tlog.page.latestCaption')}</h2>
          <p class="govuk-body">{t('tlog.page.empty')}</p>
        </>
      )}
      <Pagination t={t} page={page} pageCount={pageCount} hrefFor={(n) => `/transparency?page=${n}`} />

      <h2 class="govuk-heading-m">{t('tlog.page.verifyHeading')}</h2>
      <p class="govuk-body">{t('tlog.page.verifyReceipt')}</p>
      <pre class="nara-schema"><code>{`nara verify receipt receipt.json --log-key '${verifierKey}'`}</code></pre>
      <p class="govuk-body">{t('tlog.page.verifyLog')}</p>
      <pre class="nara-schema"><code>{`nara verify log ${logUrl} --log-key '${verifierKey}'`}</code></pre>
      <p class="govuk-body">{t('tlog.page.verifyOther')}</p>
    </>,
  );
}
