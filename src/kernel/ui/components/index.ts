/** GOV.UK Frontend components ported to TSX. Every visible string is passed in already translated. */
export { Button, ButtonGroup, type ButtonProps } from './button.js';
export { Checkboxes, Radios, type ChoiceItem, type ChoicesProps } from './choices.js';
export { BackLink, Details, InsetText, Panel, Tag, WarningText, type TagColour } from './content.js';
export { DateInput, type DateInputProps } from './date-input.js';
export { ErrorSummary, fieldId, type ErrorSummaryProps } from './error-summary.js';
export { ErrorMessage, Fieldset, FormGroup, Hint, Label, type FieldProps } from './field.js';
export { Select, TextInput, Textarea, type SelectProps, type TextareaProps, type TextInputProps } from './inputs.js';
export { NotificationBanner, type NotificationBannerProps } from './notification-banner.js';
export { Pagination, visiblePages, type PaginationProps } from './pagination.js';
export { SummaryList, type SummaryRow } from './summary-list.js';
export { Table, type TableCell, type TableProps } from './table.js';
export { LiveStatus } from './live-status.js';
