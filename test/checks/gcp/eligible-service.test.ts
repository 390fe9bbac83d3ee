import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import check from '../../../checks/gcp/eligible-service.js';
import { ScanContext } from '../../../src/engine/context.js';
import { fromAsset } from '../../support/resources.js';
import { mappingsWith, testList } from '../../support/mappings.js';
import { exportAsset, PROJECT } from './assets.js';

const PACKAGED = { listStatus: 'unavailable', source: 'https://cloud.google.com/security/compliance/hipaa#covered-products' };

/** Assets of Forseti's mock Cloud Asset export (a real export's shape), by asset type. */
const forseti = readFileSync(new URL('../../../../shared/samples/gcp-assets/forseti/mock_cai_resources.ndjson', import.meta.url), 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((line) => JSON.parse(line) as { asset_type: string });
const sample = (type: string) => forseti.find((a) => a.asset_type === type)!;

const phiBucket = () => {
  const asset = exportAsset('storage.googleapis.com/Bucket', '//storage.googleapis.com/phi-extracts', {
    name: 'phi-extracts',
    location: 'US-CENTRAL1',
    labels: { 'data-classification': 'phi' },
  });
  return fromAsset(asset);
};

describe('gcp-eligible-service, with the packaged list (not transcribed)', () => {
  const grade = (resource: ReturnType<typeof fromAsset>) => check.evaluate(resource, new ScanContext([resource]));

  it('is undecided on a bucket labelled as holding ePHI: check the BAA scope by hand', () => {
    expect(grade(phiBucket())).toMatchObject({
      status: 'error',
      reason: "The eligible-service list for Google Cloud is not transcribed yet; check the BAA's scope by hand for this resource, which is tagged as holding ePHI.",
      evidence: { resourceType: 'storage.googleapis.com/Bucket', ...PACKAGED },
    });
  });

  it('is not applicable to an unlabelled Bigtable instance of a real export', () => {
    expect(grade(fromAsset(sample('bigtableadmin.googleapis.com/Instance')))).toMatchObject({ status: 'not_applicable', evidence: { resourceType: 'bigtableadmin.googleapis.com/Instance', ...PACKAGED } });
  });
});

describe('gcp-eligible-service, once a list is transcribed', () => {
  const mappings = mappingsWith({
    'eligible-services/gcp.yaml': testList('gcp', [
      { service: 'Cloud Storage', namespaces: ['storage.googleapis.com'] },
      { service: 'Compute Engine persistent disks', namespaces: ['compute.googleapis.com/Disk'], exclusions: 'generally available features only' },
    ]),
  });
  const grade = (resource: ReturnType<typeof fromAsset>) => check.evaluate(resource, new ScanContext([resource], 'default', { mappings }));

  it('passes a bucket of a real export under its API service name', () => {
    expect(grade(fromAsset(sample('storage.googleapis.com/Bucket')))).toMatchObject({
      status: 'pass',
      evidence: { resourceType: 'storage.googleapis.com/Bucket', service: 'Cloud Storage', matched: 'storage.googleapis.com', listDate: '2026-01-31' },
    });
  });

  it('passes a type listed by its full asset type, with its terms', () => {
    const disk = fromAsset(exportAsset('compute.googleapis.com/Disk', `//compute.googleapis.com/projects/${PROJECT}/zones/us-central1-a/disks/data-1`, { name: 'data-1' }));
    expect(grade(disk)).toMatchObject({ status: 'pass', evidence: { service: 'Compute Engine persistent disks', exclusions: 'generally available features only' } });
  });

  it('fails a Bigtable instance of a real export when no listed product covers it', () => {
    expect(grade(fromAsset(sample('bigtableadmin.googleapis.com/Instance')))).toMatchObject({ status: 'fail', evidence: { resourceType: 'bigtableadmin.googleapis.com/Instance', service: null } });
  });

  it('fails another type of a service listed only for one type (compute.googleapis.com/Instance)', () => {
    expect(grade(fromAsset(sample('compute.googleapis.com/Instance')))).toMatchObject({ status: 'fail' });
  });
});
