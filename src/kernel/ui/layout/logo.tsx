/** Nara's mark: an original "N" on a rounded square with an underline bar. Decorative; the wordmark text names it. */
export function NaraLogo(props: { class?: string }) {
  return (
    <svg class={props.class} xmlns="http://www.w3.org/2000/svg" viewBox="0 0 40 40" aria-hidden="true" focusable="false">
      <rect width="40" height="40" rx="8" fill="#fff" />
      <path d="M11 30V10h4l9 13V10h5v20h-4l-9-13v13z" fill="#0b5563" />
      <rect x="11" y="32" width="18" height="3" fill="#f4c542" />
    </svg>
  );
}
