import { defineCheck } from '../../src/engine/check.js';
import { booleanField } from '../../src/engine/read.js';
import { fail, pass } from '../../src/engine/verdict.js';
import { withoutProperties } from './_shared/arm.js';

export default defineCheck({
  id: 'azure-app-service-https-only',
  title: 'App Service app redirects HTTP to HTTPS',
  provider: 'azure',
  resourceTypes: ['Microsoft.Web/sites'],
  category: 'encryption-in-transit',
  severity: 'high',
  rationale: 'Without HTTPS Only, the app also serves plain HTTP, so sessions, forms and API calls that carry ePHI can travel unencrypted.',
  remediation: {
    text: 'Turn on HTTPS Only so App Service redirects every HTTP request to HTTPS.',
    cli: 'az webapp update --resource-group RG --name APP --https-only true',
    terraform: 'resource "azurerm_linux_web_app" "this" {\n  # ...\n  https_only = true\n}',
  },
  evaluate(site) {
    const missing = withoutProperties(site, "the app's HTTPS setting");
    if (missing) return missing;
    const httpsOnly = booleanField(site.config, 'httpsOnly');
    if (httpsOnly === true) return pass('The app answers plain HTTP only with a redirect to HTTPS.', { httpsOnly: true, kind: site.related.kind ?? null });
    // httpsOnly defaults to false and Azure Policy a4af4a39 audits absence as not HTTPS-only.
    return fail('HTTPS Only is off: the app serves plain HTTP requests.', { httpsOnly: httpsOnly ?? null, kind: site.related.kind ?? null });
  },
});
