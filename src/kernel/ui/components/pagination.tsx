import type { Translate } from '../../i18n/i18n.js';

export interface PaginationProps {
  t: Translate;
  /** 1-based current page. */
  page: number;
  pageCount: number;
  /** URL of a page number. */
  hrefFor: (page: number) => string;
}

/** Pages shown: first, last, and the current one with a neighbour each side; gaps become "⋯". */
export function visiblePages(page: number, pageCount: number): (number | 'gap')[] {
  const wanted = new Set([1, pageCount, page - 1, page, page + 1].filter((n) => n >= 1 && n <= pageCount));
  const sorted = [...wanted].sort((a, b) => a - b);
  const out: (number | 'gap')[] = [];
  sorted.forEach((n, i) => {
    const prev = sorted[i - 1];
    if (prev !== undefined && n - prev > 1) out.push('gap');
    out.push(n);
  });
  return out;
}

export function Pagination({ t, page, pageCount, hrefFor }: PaginationProps) {
  if (pageCount <= 1) return null;
  return (
    <nav class="govuk-pagination" aria-label={t('ui.components.paginationLabel')}>
      {page > 1 ? (
        <div class="govuk-pagination__prev">
          <a class="govuk-link govuk-pagination__link" href={hrefFor(page - 1)} rel="prev">
            <svg class="govuk-pagination__icon govuk-pagination__icon--prev" xmlns="http://www.w3.org/2000/svg" height="13" width="15" aria-hidden="true" focusable="false" viewBox="0 0 15 13">
              <path d="m6.5938-0.0078125-6.7266 6.7266 6.7441 6.4062 1.377-1.449-4.1856-3.9768h12.896v-2h-12.984l4.2931-4.293-1.414-1.414z" />
            </svg>
            <span class="govuk-pagination__link-title">
              {t('ui.components.previous')}<span class="govuk-visually-hidden"> {t('ui.components.previousPage')}</span>
            </span>
          </a>
        </div>
      ) : null}
      <ul class="govuk-pagination__list">
        {visiblePages(page, pageCount).map((n) =>
          n === 'gap' ? (
            <li class="govuk-pagination__item govuk-pagination__item--ellipses">⋯</li>
          ) : (
            <li class={n === page ? 'govuk-pagination__item govuk-pagination__item--current' : 'govuk-pagination__item'}>
              <a class="govuk-link govuk-pagination__link" href={hrefFor(n)} aria-label={t('ui.components.pageNumber', { page: n })} aria-current={n === page ? 'page' : undefined}>
                {n}
              </a>
            </li>
          ),
        )}
      </ul>
      {page < pageCount ? (
        <div class="govuk-pagination__next">
          <a class="govuk-link govuk-pagination__link" href={hrefFor(page + 1)} rel="next">
            <span class="govuk-pagination__link-title">
              {t('ui.components.next')}<span class="govuk-visually-hidden"> {t('ui.components.nextPage')}</span>
            </span>
            <svg class="govuk-pagination__icon govuk-pagination__icon--next" xmlns="http://www.w3.org/2000/svg" height="13" width="15" aria-hidden="true" focusable="false" viewBox="0 0 15 13">
              <path d="m8.107-0.0078125-1.4136 1.414 4.2926 4.293h-12.986v2h12.896l-4.1855 3.9766 1.377 1.4492 6.7441-6.4062-6.7246-6.7266z" />
            </svg>
          </a>
        </div>
      ) : null}
    </nav>
  );
}
