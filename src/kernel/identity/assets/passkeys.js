// Passkey ceremonies for the sign-in, re-authentication and account pages. Progressive
// enhancement: buttons marked data-passkey are hidden until this script runs.
(function () {
  'use strict';
  if (!window.PublicKeyCredential || !navigator.credentials) return;

  var b64 = {
    toBytes: function (s) {
      var bin = window.atob(s.replace(/-/g, '+').replace(/_/g, '/') + '==='.slice((s.length + 3) % 4));
      var out = new Uint8Array(bin.length);
      for (var i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
      return out.buffer;
    },
    fromBytes: function (buf) {
      var bytes = new Uint8Array(buf);
      var bin = '';
      for (var i = 0; i < bytes.length; i++) bin += String.fromCharCode(bytes[i]);
      return window.btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
    },
  };

  function post(url, csrf, body) {
    return fetch(url, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json', 'x-csrf-token': csrf },
      body: JSON.stringify(body || {}),
    }).then(function (r) {
      return r.json().then(function (data) {
        if (!r.ok) throw new Error(data.detail || 'failed');
        return data;
      });
    });
  }

  function credentialJson(cred) {
    var r = cred.response;
    var response = { clientDataJSON: b64.fromBytes(r.clientDataJSON) };
    if (r.attestationObject) {
      response.attestationObject = b64.fromBytes(r.attestationObject);
      response.transports = r.getTransports ? r.getTransports() : [];
    } else {
      response.authenticatorData = b64.fromBytes(r.authenticatorData);
      response.signature = b64.fromBytes(r.signature);
      if (r.userHandle) response.userHandle = b64.fromBytes(r.userHandle);
    }
    return { id: cred.id, rawId: b64.fromBytes(cred.rawId), type: cred.type, response: response, clientExtensionResults: {} };
  }

  function run(button) {
    var kind = button.getAttribute('data-passkey');
    var base = '/api/v1/auth/passkeys/' + kind;
    var csrf = button.getAttribute('data-csrf') || '';
    var error = document.getElementById(button.getAttribute('data-error-target') || '');
    if (error) error.hidden = true;
    return post(base + '/options', csrf)
      .then(function (o) {
        o.challenge = b64.toBytes(o.challenge);
        if (o.user) o.user.id = b64.toBytes(o.user.id);
        (o.excludeCredentials || o.allowCredentials || []).forEach(function (c) {
          c.id = b64.toBytes(c.id);
        });
        return kind === 'registration' ? navigator.credentials.create({ publicKey: o }) : navigator.credentials.get({ publicKey: o });
      })
      .then(function (cred) {
        return post(base + '/verify', csrf, { response: credentialJson(cred), next: button.getAttribute('data-next') || undefined });
      })
      .then(function (result) {
        window.location.assign(result.next || button.getAttribute('data-next') || '/account');
      })
      .catch(function () {
        if (error) error.hidden = false;
      });
  }

  var buttons = document.querySelectorAll('[data-passkey]');
  for (var i = 0; i < buttons.length; i++) {
    buttons[i].hidden = false;
    buttons[i].addEventListener('click', function (event) {
      event.preventDefault();
      run(event.currentTarget);
    });
  }
})();
