import { ASSETS_PREFIX, assetUrl } from '../assets.js';

/**
 * The live region a page with live status carries (http/live.ts streams, assets/live.mjs shows):
 * hidden until the stream names a newer step than `since`, then a message and a link to reload.
 * Without JavaScript it stays hidden and the page, as served, is complete.
 */
export function LiveStatus({ streamUrl, since, reloadText }: { streamUrl: string; since: number; reloadText: string }) {
  return (
    <>
      <div class="govuk-inset-text" aria-live="polite" hidden data-live-url={`${streamUrl}?since=${since}`} data-reload-text={reloadText}></div>
      <script type="module" src={assetUrl(`${ASSETS_PREFIX}/nara/live.mjs`)}></script>
    </>
  );
}
