import { describe } from 'vitest';
import check from '../../../checks/gcp/ssl-policy-strong.js';
import { apiAsset, exportAsset, gradesAssets, PROJECT, sslPolicy } from './assets.js';

const TYPE = 'compute.googleapis.com/SslPolicy';
const asset = (name: string, extra: Record<string, unknown>) => exportAsset(TYPE, `//compute.googleapis.com/projects/${PROJECT}/global/sslPolicies/${name}`, sslPolicy(name, extra), 'global');

describe(check.id, () => {
  gradesAssets(check, [
    { name: 'MODERN with TLS 1.2 (API envelope)', asset: apiAsset(TYPE, `//compute.googleapis.com/projects/${PROJECT}/global/sslPolicies/modern`, sslPolicy('modern', { profile: 'MODERN', minTlsVersion: 'TLS_1_2' }), 'global'), status: 'pass', evidence: { profile: 'MODERN', minTlsVersion: 'TLS_1_2' } },
    { name: 'RESTRICTED (TLS 1.2 in effect whatever the minimum)', asset: asset('restricted', { profile: 'RESTRICTED', minTlsVersion: 'TLS_1_0' }), status: 'pass', evidence: { profile: 'RESTRICTED' } },
    {
      name: 'CUSTOM with TLS 1.2 and only forward-secret suites',
      asset: asset('custom', { profile: 'CUSTOM', minTlsVersion: 'TLS_1_2', customFeatures: ['TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384', 'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384'] }),
      status: 'pass',
      evidence: { profile: 'CUSTOM', weakFeatures: [] },
    },
    { name: 'COMPATIBLE with TLS 1.0 (the default)', asset: asset('default-like', { profile: 'COMPATIBLE', minTlsVersion: 'TLS_1_0' }), status: 'fail', evidence: { profile: 'COMPATIBLE', minTlsVersion: 'TLS_1_0' } },
    { name: 'MODERN with TLS 1.1', asset: asset('modern-11', { profile: 'MODERN', minTlsVersion: 'TLS_1_1' }), status: 'fail', evidence: { minTlsVersion: 'TLS_1_1' } },
    {
      name: 'CUSTOM with a TLS_RSA suite',
      asset: asset('custom-rsa', { profile: 'CUSTOM', minTlsVersion: 'TLS_1_2', customFeatures: ['TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256', 'TLS_RSA_WITH_AES_128_GCM_SHA256'] }),
      status: 'fail',
      evidence: { weakFeatures: ['TLS_RSA_WITH_AES_128_GCM_SHA256'] },
    },
    { name: 'neither field set (API defaults COMPATIBLE, TLS 1.0)', asset: asset('bare', {}), status: 'fail', evidence: { profile: 'COMPATIBLE', minTlsVersion: 'TLS_1_0' } },
    { name: 'an IAM-policy-only record', asset: exportAsset(TYPE, `//compute.googleapis.com/projects/${PROJECT}/global/sslPolicies/x`, null), status: 'error', evidence: { resourceData: null } },
  ]);
});
