// Live status for a page that works without it (an e-People case, a Gov24 application): listens
// to the server-sent events named by the page's [data-live-url] box and, when there is a newer
// step, says so in that live region with a link to see it. Without JavaScript (or EventSource)
// the page is complete as served; reloading shows the same.
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
