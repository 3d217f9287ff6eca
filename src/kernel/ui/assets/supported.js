// Marks the page as script-capable before GOV.UK Frontend initialises (an external file
// because the Content-Security-Policy forbids inline script).
document.body.className += ' js-enabled' + ('noModule' in HTMLScriptElement.prototype ? ' govuk-frontend-supported' : '');
