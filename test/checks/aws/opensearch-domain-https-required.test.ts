import { describe } from 'vitest';
import check from '../../../checks/aws/opensearch-domain-https-required.js';
import { elasticsearchDomain, openSearchDomain, verdictTable } from './items.js';

const endpoint = (EnforceHTTPS: unknown, TLSSecurityPolicy?: string) => ({
  DomainEndpointOptions: { EnforceHTTPS, CustomEndpointEnabled: false, ...(TLSSecurityPolicy ? { TLSSecurityPolicy } : {}) },
});

describe('aws-opensearch-domain-https-required', () => {
  verdictTable(check, [
    {
      title: 'passes when HTTPS is enforced with Policy-Min-TLS-1-2-PFS-2023-10',
      item: openSearchDomain(endpoint(true, 'Policy-Min-TLS-1-2-PFS-2023-10')),
      status: 'pass',
      evidence: { EnforceHTTPS: true, TLSSecurityPolicy: 'Policy-Min-TLS-1-2-PFS-2023-10' },
    },
    {
      title: 'passes an Elasticsearch domain (enforceHTTPS, tlssecurityPolicy) with a TLS 1.2 policy',
      item: elasticsearchDomain({ domainEndpointOptions: { enforceHTTPS: true, tlssecurityPolicy: 'Policy-Min-TLS-1-2-2019-07', customEndpointEnabled: false } }),
      status: 'pass',
      evidence: { EnforceHTTPS: true, TLSSecurityPolicy: 'Policy-Min-TLS-1-2-2019-07' },
    },
    {
      title: 'fails when HTTPS is not enforced',
      item: openSearchDomain(endpoint(false, 'Policy-Min-TLS-1-2-2019-07')),
      status: 'fail',
      evidence: { EnforceHTTPS: false },
    },
    {
      title: 'fails when the TLS policy still accepts TLS 1.0 and 1.1',
      item: openSearchDomain(endpoint(true, 'Policy-Min-TLS-1-0-2019-07')),
      status: 'fail',
      evidence: { TLSSecurityPolicy: 'Policy-Min-TLS-1-0-2019-07' },
    },
    {
      title: 'is undecided when HTTPS is enforced but no TLS policy is recorded',
      item: openSearchDomain(endpoint(true)),
      status: 'error',
      evidence: { EnforceHTTPS: true, TLSSecurityPolicy: null },
    },
    {
      title: 'is undecided for a TLS policy name it does not know',
      item: openSearchDomain(endpoint(true, 'Policy-Custom-2030')),
      status: 'error',
      evidence: { TLSSecurityPolicy: 'Policy-Custom-2030' },
    },
    {
      title: 'is undecided when the record has no endpoint options',
      item: openSearchDomain({}),
      status: 'error',
      evidence: { EnforceHTTPS: null },
    },
  ]);
});
