import type { Child } from 'hono/jsx';
import { cx } from './field.js';

export interface TableCell {
  text: Child;
  /** Right-aligns numbers. */
  isNumeric?: boolean;
}

export interface TableProps {
  caption?: string;
  captionSize?: 's' | 'm' | 'l';
  head?: (string | TableCell)[];
  rows: (Child | TableCell)[][];
  /** Treat the first cell of each row as its header. */
  firstCellIsHeader?: boolean;
}

const isCell = (v: unknown): v is TableCell => typeof v === 'object' && v !== null && 'text' in v && !Array.isArray(v);

export function Table(p: TableProps) {
  return (
    <table class="govuk-table">
      {p.caption ? <caption class={cx('govuk-table__caption', `govuk-table__caption--${p.captionSize ?? 'm'}`)}>{p.caption}</caption> : null}
      {p.head ? (
        <thead class="govuk-table__head">
          <tr class="govuk-table__row">
            {p.head.map((h) => {
              const cell = isCell(h) ? h : { text: h };
              return <th scope="col" class={cx('govuk-table__header', cell.isNumeric && 'govuk-table__header--numeric')}>{cell.text}</th>;
            })}
          </tr>
        </thead>
      ) : null}
      <tbody class="govuk-table__body">
        {p.rows.map((row) => (
          <tr class="govuk-table__row">
            {row.map((v, i) => {
              const cell = isCell(v) ? v : { text: v };
              if (i === 0 && p.firstCellIsHeader) return <th scope="row" class="govuk-table__header">{cell.text}</th>;
              return <td class={cx('govuk-table__cell', cell.isNumeric && 'govuk-table__cell--numeric')}>{cell.text}</td>;
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
