import type { Context } from 'hono';
import type { AppEnv } from '../http/context.js';
import { createFormatters } from '../i18n/format.js';
import { Table, Tag, type TagColour } from '../ui/components/index.js';
import { CsrfField, renderPage } from '../ui/page.js';
import type { JobsOverview } from './jobs.service.js';
import type { JobRow, JobState } from './jobs.tables.js';

const STATES: JobState[] = ['queued', 'running', 'retrying', 'done', 'dead'];
const stateColour: Record<JobState, TagColour> = { queued: 'blue', running: 'turquoise', retrying: 'orange', done: 'green', dead: 'red' };

function JobsTable({ c, caption, jobs }: { c: Context<AppEnv>; caption: string; jobs: JobRow[] }) {
  const t = c.get('t');
  const fmt = createFormatters(c.get('locale'));
  if (jobs.length === 0) {
    return (
      <>
        <h2 class="govuk-heading-m">{caption}</h2>
        <p class="govuk-body">{t('jobs.admin.none')}</p>
      </>
    );
  }
  const rows = jobs.map((job) => [
    String(job.id),
    <code>{job.type}</code>,
    <Tag text={t(`jobs.admin.state.${job.state}`)} colour={stateColour[job.state]} />,
    t('jobs.admin.attemptsOf', { attempts: job.attempts, max: job.max_attempts }),
    job.state === 'queued' || job.state === 'retrying' ? fmt.dateTime(job.run_at, 'medium') : '',
    job.last_error ? <span class="govuk-!-text-break-word">{job.last_error}</span> : '',
    job.state === 'dead' ? (
      <form method="post" action={`/admin/jobs/${job.id}/retry`}>
        <CsrfField c={c} />
        <button type="submit" class="govuk-button govuk-button--secondary govuk-!-margin-bottom-0" data-module="govuk-button">
          {t('jobs.admin.retry')}
          <span class="govuk-visually-hidden"> {t('jobs.admin.retryHidden', { id: job.id })}</span>
        </button>
      </form>
    ) : (
      ''
    ),
  ]);
  return (
    <Table
      caption={caption}
      head={[t('jobs.admin.id'), t('jobs.admin.type'), t('jobs.admin.state'), t('jobs.admin.attempts'), t('jobs.admin.nextRun'), t('jobs.admin.lastError'), t('jobs.admin.action')]}
      rows={rows}
      firstCellIsHeader
    />
  );
}

export function renderJobsAdminPage(c: Context<AppEnv>, overview: JobsOverview, retriedId?: number): Response | Promise<Response> {
  const t = c.get('t');
  const fmt = createFormatters(c.get('locale'));
  return renderPage(
    c,
    {
      title: t('jobs.admin.title'),
      ...(retriedId !== undefined ? { banner: { kind: 'success' as const, text: t('jobs.admin.retried', { id: retriedId }) } } : {}),
    },
    <>
      <h1 class="govuk-heading-l">{t('jobs.admin.title')}</h1>
      <p class="govuk-body">{t('jobs.admin.intro')}</p>
      <Table
        caption={t('jobs.admin.countsCaption')}
        head={[t('jobs.admin.state'), { text: t('jobs.admin.count'), isNumeric: true }]}
        rows={STATES.map((s) => [t(`jobs.admin.state.${s}`), { text: fmt.number(overview.counts[s]), isNumeric: true }])}
        firstCellIsHeader
      />
      <JobsTable c={c} caption={t('jobs.admin.failingCaption')} jobs={overview.failing} />
      <JobsTable c={c} caption={t('jobs.admin.recentCaption')} jobs={overview.recent} />
    </>,
  );
}
