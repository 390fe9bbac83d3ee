import { defineCheck } from '../../src/engine/check.js';
import { field } from '../../src/engine/read.js';
import { fail, pass, undecided } from '../../src/engine/verdict.js';
import { withoutProperties } from './_shared/arm.js';
import { TLS_1_2, tlsVersion } from './_shared/tls.js';

export default defineCheck({
  id: 'azure-sql-server-min-tls-1-2',
  title: 'SQL server requires TLS 1.2 or newer',
  provider: 'azure',
  resourceTypes: ['Microsoft.Sql/servers'],
  category: 'encryption-in-transit',
  severity: 'medium',
  rationale: 'A server whose minimal TLS version is unset ("None"), 1.0 or 1.1 lets clients carry ePHI over protocol versions with known weaknesses.',
  remediation: {
    text: 'Set the logical server\'s minimal TLS version to 1.2.',
    cli: 'az sql server update --resource-group RG --name SERVER --minimal-tls-version 1.2',
    terraform: 'resource "azurerm_mssql_server" "this" {\n  # ...\n  minimum_tls_version = "1.2"\n}',
  },
  evaluate(server) {
    const missing = withoutProperties(server, "the server's minimal TLS version");
    if (missing) return missing;
    const value = field(server.config, 'minimalTlsVersion');
    // Azure Policy 32e6bbec treats an absent minimalTlsVersion like "None": every version is accepted.
    if (value === undefined || value === null || value === 'None') {
      return fail('The server sets no minimal TLS version, so it accepts TLS 1.0 and 1.1 connections.', { minimalTlsVersion: value ?? null });
    }
    const evidence = { minimalTlsVersion: value };
    const version = tlsVersion(value);
    if (version === undefined) return undecided(`The server reports a minimal TLS version this check does not know (${String(value)}).`, evidence);
    if (version >= TLS_1_2) return pass(`The server refuses connections below TLS ${String(value)}.`, evidence);
    return fail(`The server still accepts TLS ${String(value)}, older than 1.2.`, evidence);
  },
});
