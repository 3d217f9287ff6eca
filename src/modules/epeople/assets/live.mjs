// Live status for a case page: listens to the page's server-sent events and, when the case
// changes, says so in the page's live region with a link to see the new state. Without
// JavaScript (or EventSource) the page is complete as served; reloading shows the same.
const box = document.querySelector('[data-live-url]');
if (box && 'EventSource' in window) {
  const source = new window.EventSource(box.getAttribute('data-live-url'));
  source.addEventListener('update', (event) => {
    const update = JSON.parse(event.data);
    const text = document.createElement('p');
    text.className = 'govuk-body';
    text.textContent = update.message;
    const link = document.createElement('a');
    link.className = 'govuk-link';
    link.href = window.location.pathname;
    link.textContent = box.getAttribute('data-reload-text');
    box.replaceChildren(text, link);
    box.hidden = false;
  });
}
