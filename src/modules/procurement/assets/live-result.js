// Follows an unopened tender's result page: when the server says the tender was opened, the
// page reloads and shows the full result. Without JavaScript the page says to refresh it.
const follower = document.querySelector('[data-live-result]');
if (follower && 'EventSource' in window) {
  const source = new window.EventSource(follower.getAttribute('data-live-result'));
  source.addEventListener('opened', () => {
    source.close();
    window.location.reload();
  });
}
