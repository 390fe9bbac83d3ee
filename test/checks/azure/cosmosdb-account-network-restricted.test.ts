import { describe } from 'vitest';
import check from '../../../checks/azure/cosmosdb-account-network-restricted.js';
import { argRow, cosmosAccountRow, gradesRows, SUBSCRIPTION } from './rows.js';

const SUBNET = `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-network/providers/Microsoft.Network/virtualNetworks/vnet-clinical/subnets/snet-app`;

describe(check.id, () => {
  gradesRows(check, [
    { name: 'public access with one IP rule', row: cosmosAccountRow('cosmos-phi-prod'), status: 'pass', evidence: { publicNetworkAccess: 'Enabled', ipRules: ['198.51.100.0/24'] } },
    { name: 'public network access disabled', row: cosmosAccountRow('cosmos-private', { publicNetworkAccess: 'Disabled', ipRules: [] }), status: 'pass', evidence: { publicNetworkAccess: 'Disabled' } },
    {
      name: 'virtual-network filter with a subnet rule',
      row: cosmosAccountRow('cosmos-vnet', { ipRules: [], isVirtualNetworkFilterEnabled: true, virtualNetworkRules: [{ id: SUBNET, ignoreMissingVNetServiceEndpoint: false }] }),
      status: 'pass',
      evidence: { isVirtualNetworkFilterEnabled: true, virtualNetworkRules: 1 },
    },
    { name: 'public access, no rules', row: cosmosAccountRow('cosmos-open', { ipRules: [] }), status: 'fail', evidence: { ipRules: [], isVirtualNetworkFilterEnabled: false } },
    { name: 'an IP rule for every address', row: cosmosAccountRow('cosmos-anywhere', { ipRules: [{ ipAddressOrRange: '0.0.0.0/0' }] }), status: 'fail', evidence: { ipRules: ['0.0.0.0/0'] } },
    { name: 'a public access value the check does not know', row: cosmosAccountRow('cosmos-odd', { publicNetworkAccess: 'Partial' }), status: 'error', evidence: { publicNetworkAccess: 'Partial' } },
    { name: 'row projected without properties', row: argRow('Microsoft.DocumentDB/databaseAccounts', 'Microsoft.DocumentDB/databaseAccounts/cosmos-noprops', null), status: 'error', evidence: { properties: null } },
  ]);
});
