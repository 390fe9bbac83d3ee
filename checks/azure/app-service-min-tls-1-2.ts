import { defineCheck } from '../../src/engine/check.js';
import { fail, pass, undecided } from '../../src/engine/verdict.js';
import { withoutProperties } from './_shared/arm.js';
import { siteSetting } from './_shared/site-config.js';
import { TLS_1_2, tlsVersion } from './_shared/tls.js';

export default defineCheck({
  id: 'azure-app-service-min-tls-1-2',
  title: 'App Service app requires TLS 1.2 or newer',
  provider: 'azure',
  resourceTypes: ['Microsoft.Web/sites'],
  category: 'encryption-in-transit',
  severity: 'medium',
  rationale: 'An app that still accepts TLS 1.0 or 1.1 lets browsers and clients exchange ePHI over protocol versions with known weaknesses.',
  remediation: {
    text: "Set the app's minimum inbound TLS version to 1.2.",
    cli: 'az webapp config set --resource-group RG --name APP --min-tls-version 1.2',
    terraform: 'resource "azurerm_linux_web_app" "this" {\n  # ...\n  site_config {\n    minimum_tls_version = "1.2"\n  }\n}',
  },
  evaluate(site, context) {
    const missing = withoutProperties(site, "the app's TLS setting");
    if (missing) return missing;
    const { value, from } = siteSetting(site, context, 'minTlsVersion');
    const evidence = { minTlsVersion: value, from };
    if (value === null) {
      return undecided("The scan does not say which TLS versions the app accepts; include its web configuration (GET <site id>/config/web) to grade it.", evidence);
    }
    const version = tlsVersion(value);
    if (version === undefined) return undecided(`The app reports a minimum TLS version this check does not know (${String(value)}).`, evidence);
    if (version >= TLS_1_2) return pass(`The app refuses connections below TLS ${String(value)}.`, evidence);
    return fail(`The app still accepts TLS ${String(value)}, older than 1.2.`, evidence);
  },
});
