import { describe } from 'vitest';
import check from '../../../checks/azure/app-service-min-tls-1-2.js';
import { armExampleBody, gradesRows, webAppRow, webConfig } from './rows.js';

const site = webAppRow('app-patient-portal');
const CONFIG_ID = `${String(site.id)}/config/web`;

describe(check.id, () => {
  gradesRows(check, [
    { name: 'config/web says 1.2 (the Resource Graph row has null)', row: site, others: [webConfig(site, { minTlsVersion: '1.2' })], status: 'pass', evidence: { minTlsVersion: '1.2', from: CONFIG_ID } },
    { name: 'GetWebApp (2023-12-01): siteConfig.minTlsVersion 1.2', row: armExampleBody('Microsoft.Web/GetWebApp.json'), status: 'pass', evidence: { minTlsVersion: '1.2', from: 'siteConfig' } },
    { name: 'config/web says 1.0', row: site, others: [webConfig(site, { minTlsVersion: '1.0' })], status: 'fail', evidence: { minTlsVersion: '1.0', from: CONFIG_ID } },
    {
      name: 'config/web wins over the row\'s siteConfig',
      row: webAppRow('app-patient-portal', { siteConfig: { minTlsVersion: '1.2', ftpsState: 'Disabled' } }),
      others: [webConfig(site, { minTlsVersion: '1.1' })],
      status: 'fail',
      evidence: { minTlsVersion: '1.1', from: CONFIG_ID },
    },
    { name: 'siteConfig null and no config/web in the scan', row: site, status: 'error', evidence: { minTlsVersion: null, from: null } },
  ]);
});
