import { defineCheck } from '../../src/engine/check.js';
import { fail, pass, undecided } from '../../src/engine/verdict.js';
import { withoutProperties } from './_shared/arm.js';
import { siteSetting } from './_shared/site-config.js';

export default defineCheck({
  id: 'azure-app-service-ftps-only',
  title: 'App Service app allows no plain FTP',
  provider: 'azure',
  resourceTypes: ['Microsoft.Web/sites'],
  category: 'encryption-in-transit',
  severity: 'medium',
  rationale: 'Plain FTP sends the deployment credentials and the files themselves unencrypted; an app that allows it can be read or changed by anyone on the path.',
  remediation: {
    text: 'Disable FTP deployment, or allow FTPS only.',
    cli: 'az webapp config set --resource-group RG --name APP --ftps-state Disabled',
    terraform: 'resource "azurerm_linux_web_app" "this" {\n  # ...\n  site_config {\n    ftps_state = "Disabled"\n  }\n}',
  },
  evaluate(site, context) {
    const missing = withoutProperties(site, "the app's FTP setting");
    if (missing) return missing;
    const { value, from } = siteSetting(site, context, 'ftpsState');
    const evidence = { ftpsState: value, from };
    switch (typeof value === 'string' ? value.toLowerCase() : value) {
      case 'disabled':
        return pass('FTP and FTPS deployment are both disabled.', evidence);
      case 'ftpsonly':
        return pass('The app accepts FTPS only, never plain FTP.', evidence);
      case 'allallowed':
        return fail('The app accepts plain FTP as well as FTPS.', evidence);
      case null:
        return undecided("The scan does not say whether the app accepts FTP; include its web configuration (GET <site id>/config/web) to grade it.", evidence);
      default:
        return undecided(`The app reports an FTP state this check does not know (${String(value)}).`, evidence);
    }
  },
});
