import { describe } from 'vitest';
import check from '../../../checks/azure/storage-account-network-default-deny.js';
import { armExampleBody, gradesRows, storageAccountRow } from './rows.js';

describe(check.id, () => {
  gradesRows(check, [
    { name: 'default action Deny with one IP rule', row: storageAccountRow('stphirecords'), status: 'pass', evidence: { defaultAction: 'Deny', ipRules: 1 } },
    {
      name: 'public network access disabled (private endpoints only)',
      row: storageAccountRow('stphiprivate', { publicNetworkAccess: 'Disabled', networkAcls: { bypass: 'AzureServices', virtualNetworkRules: [], ipRules: [], defaultAction: 'Allow' } }),
      status: 'pass',
      evidence: { publicNetworkAccess: 'Disabled', defaultAction: 'Allow' },
    },
    {
      name: 'default action Allow',
      row: storageAccountRow('stopen', { networkAcls: { bypass: 'AzureServices', virtualNetworkRules: [], ipRules: [], defaultAction: 'Allow' } }),
      status: 'fail',
      evidence: { defaultAction: 'Allow', publicNetworkAccess: 'Enabled' },
    },
    { name: 'no networkAcls recorded', row: storageAccountRow('stnoacls', { networkAcls: undefined }), status: 'error', evidence: { defaultAction: null } },
    {
      name: 'StorageAccountGetProperties (2023-05-01): defaultAction Allow',
      row: armExampleBody('Microsoft.Storage/StorageAccountGetProperties.json'),
      status: 'fail',
      evidence: { defaultAction: 'Allow', publicNetworkAccess: null },
    },
  ]);
});
