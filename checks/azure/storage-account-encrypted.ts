import { defineCheck } from '../../src/engine/check.js';
import { booleanField, field, isRecord, stringField } from '../../src/engine/read.js';
import { fail, pass, undecided } from '../../src/engine/verdict.js';

const SERVICES = ['blob', 'file', 'table', 'queue'];

export default defineCheck({
  id: 'azure-storage-account-encrypted',
  title: 'Storage account encrypts its services at rest',
  provider: 'azure',
  resourceTypes: ['Microsoft.Storage/storageAccounts'],
  category: 'encryption-at-rest',
  severity: 'high',
  dataStore: true,
  rationale:
    'Azure Storage encrypts blob and file data by default; an account whose service encryption is off may hold ePHI unencrypted at rest.',
  remediation: {
    text: 'Turn service encryption back on for blob and file (current API versions do not allow turning it off); use a Key Vault key if you need control over the key.',
    cli: 'az storage account update --resource-group RG --name ACCOUNT --encryption-services blob file',
    terraform:
      'resource "azurerm_storage_account" "this" {\n  name                              = "ACCOUNT"\n  resource_group_name               = "RG"\n  location                          = "eastus"\n  account_tier                      = "Standard"\n  account_replication_type          = "GRS"\n  infrastructure_encryption_enabled = true\n}',
  },
  evaluate(account) {
    if (account.related.propertiesMissing) return undecided('The resource row carries no properties, so the account\'s encryption is unknown.', { properties: null });
    const encryption = field(account.config, 'encryption');
    if (!isRecord(encryption)) return undecided('The account\'s properties carry no encryption settings.', { encryption: encryption ?? null });

    const servicesEncrypted = Object.fromEntries(
      SERVICES.filter((s) => field(encryption, `services.${s}`) !== undefined).map((s) => [s, booleanField(encryption, `services.${s}.enabled`) ?? null]),
    );
    const keySource = stringField(encryption, 'keySource') ?? null;
    const evidence = {
      servicesEncrypted,
      keySource,
      keyName: stringField(encryption, 'keyvaultproperties.keyname') ?? null,
      keyVaultUri: stringField(encryption, 'keyvaultproperties.keyvaulturi') ?? null,
      requireInfrastructureEncryption: booleanField(encryption, 'requireInfrastructureEncryption') ?? null,
    };
    const off = Object.keys(servicesEncrypted).filter((s) => servicesEncrypted[s] === false);
    if (off.length > 0) return fail(`Encryption at rest is turned off for the account's ${off.join(' and ')} service.`, evidence);
    if (servicesEncrypted.blob !== true && servicesEncrypted.file !== true) {
      return undecided('The account does not say whether its blob or file service is encrypted.', evidence);
    }
    const double = evidence.requireInfrastructureEncryption ? ', with infrastructure (double) encryption' : '';
    return pass(`The account is encrypted at rest with ${keyDescription(keySource, evidence.keyName)}${double}.`, evidence);
  },
});

function keyDescription(keySource: string | null, keyName: string | null): string {
  switch (keySource?.toLowerCase()) {
    case 'microsoft.storage':
      return 'Microsoft-managed keys';
    case 'microsoft.keyvault':
      return `customer-managed key ${keyName ?? '(name not recorded)'} from Key Vault`;
    default:
      return keySource ? `keys from ${keySource}` : 'keys from an unrecorded source';
  }
}
