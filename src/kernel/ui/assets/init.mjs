// Initialises every GOV.UK Frontend component on the page. The import path is filled in when
// Nara serves this file, so it always names the versioned GOV.UK Frontend bundle.
import { initAll } from '__GOVUK_FRONTEND_JS__';

initAll();
