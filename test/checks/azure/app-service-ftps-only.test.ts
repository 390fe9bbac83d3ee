import { describe } from 'vitest';
import check from '../../../checks/azure/app-service-ftps-only.js';
import { armExampleBody, gradesRows, webAppRow, webConfig } from './rows.js';

const site = webAppRow('app-patient-portal');
const CONFIG_ID = `${String(site.id)}/config/web`;

describe(check.id, () => {
  gradesRows(check, [
    { name: 'FTP disabled (config/web)', row: site, others: [webConfig(site, { ftpsState: 'Disabled' })], status: 'pass', evidence: { ftpsState: 'Disabled', from: CONFIG_ID } },
    { name: 'FTPS only (config/web)', row: site, others: [webConfig(site, { ftpsState: 'FtpsOnly' })], status: 'pass', evidence: { ftpsState: 'FtpsOnly' } },
    { name: 'GetWebApp (2023-12-01): ftpsState AllAllowed', row: armExampleBody('Microsoft.Web/GetWebApp.json'), status: 'fail', evidence: { ftpsState: 'AllAllowed', from: 'siteConfig' } },
    { name: 'siteConfig null and no config/web in the scan', row: site, status: 'error', evidence: { ftpsState: null, from: null } },
    { name: 'a state the check does not know', row: site, others: [webConfig(site, { ftpsState: 'Sometimes' })], status: 'error', evidence: { ftpsState: 'Sometimes' } },
  ]);
});
