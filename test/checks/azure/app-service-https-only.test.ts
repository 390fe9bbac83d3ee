import { describe } from 'vitest';
import check from '../../../checks/azure/app-service-https-only.js';
import { argRow, armExampleBody, gradesRows, webAppRow } from './rows.js';

describe(check.id, () => {
  gradesRows(check, [
    { name: 'HTTPS only', row: webAppRow('app-patient-portal'), status: 'pass', evidence: { httpsOnly: true, kind: 'app,linux' } },
    { name: 'GetWebApp (2023-12-01): httpsOnly false', row: armExampleBody('Microsoft.Web/GetWebApp.json'), status: 'fail', evidence: { httpsOnly: false, kind: 'app' } },
    { name: 'not recorded (defaults to false)', row: webAppRow('app-legacy', { httpsOnly: undefined }), status: 'fail', evidence: { httpsOnly: null } },
    { name: 'row projected without properties', row: argRow('Microsoft.Web/sites', 'Microsoft.Web/sites/app-noprops', null), status: 'error', evidence: { properties: null } },
  ]);
});
