// The bid page: seals the bid on this device before it is sent. The price field has no name, so
// the form never sends it; only the sealed bid in the hidden field leaves the browser.
import { randomNonce, sealBidDocument } from './seal-bid.js';

const form = document.querySelector('form[data-opening-key]');
if (form) {
  form.addEventListener('submit', async (event) => {
    if (form.elements.namedItem('sealed').value) return;
    event.preventDefault();
    const price = Number(form.querySelector('#price').value.replace(/[,\s]/g, ''));
    const picks = [...form.querySelectorAll('#pick1, #pick2')].map((s) => Number(s.value)).filter((n) => n > 0);
    const document = {
      tenderId: form.getAttribute('data-tender-id'),
      vendorId: form.elements.namedItem('vendorId').value,
      price,
      ...(picks.length > 0 ? { picks } : {}),
      documents: [],
      nonce: randomNonce(),
    };
    form.elements.namedItem('sealed').value = await sealBidDocument(document, JSON.parse(form.getAttribute('data-opening-key')));
    form.querySelector('#price').value = '';
    form.submit();
  });
}
