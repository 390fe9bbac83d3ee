import type { Finding } from '../engine/finding.js';
import { holdsEphi, type EphiScope } from '../engine/scope.js';
import type { Provider, Resource } from '../inventory/resource.js';
import { exposureOf } from './exposure.js';
import { ownerOf } from './owner.js';
import { resourceKeyOf } from './risk.js';

/**
 * The written inventory of systems that store or move ePHI (the 2025 proposed rule asks for one).
 * A resource is listed when its tags say it holds ePHI, or when its type stores or moves data
 * (a bucket, a database, a disk, a queue, a load balancer): those untagged are listed for a
 * person to confirm. Compute that only processes data (VMs, functions, web apps) is listed when
 * tagged.
 */

export type AssetRole = 'stores' | 'moves' | 'processes';

const ROLES: Record<Provider, Record<string, AssetRole>> = {
  aws: {
    'AWS::S3::Bucket': 'stores',
    'AWS::RDS::DBInstance': 'stores',
    'AWS::RDS::DBCluster': 'stores',
    'AWS::RDS::DBSnapshot': 'stores',
    'AWS::RDS::DBClusterSnapshot': 'stores',
    'AWS::EC2::Volume': 'stores',
    'AWS::EC2::Snapshot': 'stores',
    'AWS::EFS::FileSystem': 'stores',
    'AWS::FSx::FileSystem': 'stores',
    'AWS::DynamoDB::Table': 'stores',
    'AWS::Redshift::Cluster': 'stores',
    'AWS::ElastiCache::CacheCluster': 'stores',
    'AWS::ElastiCache::ReplicationGroup': 'stores',
    'AWS::OpenSearch::Domain': 'stores',
    'AWS::Elasticsearch::Domain': 'stores',
    'AWS::DocDB::DBCluster': 'stores',
    'AWS::Neptune::DBCluster': 'stores',
    'AWS::Backup::BackupVault': 'stores',
    'AWS::Backup::RecoveryPoint': 'stores',
    'AWS::HealthLake::FHIRDatastore': 'stores',
    'AWS::SQS::Queue': 'moves',
    'AWS::SNS::Topic': 'moves',
    'AWS::Kinesis::Stream': 'moves',
    'AWS::KinesisFirehose::DeliveryStream': 'moves',
    'AWS::MSK::Cluster': 'moves',
    'AWS::AmazonMQ::Broker': 'moves',
    'AWS::ElasticLoadBalancingV2::LoadBalancer': 'moves',
    'AWS::ElasticLoadBalancing::LoadBalancer': 'moves',
    'AWS::ApiGateway::RestApi': 'moves',
    'AWS::ApiGateway::Stage': 'moves',
    'AWS::ApiGatewayV2::Api': 'moves',
    'AWS::CloudFront::Distribution': 'moves',
    'AWS::Transfer::Server': 'moves',
    'AWS::DMS::ReplicationInstance': 'moves',
    'AWS::EC2::Instance': 'processes',
    'AWS::Lambda::Function': 'processes',
    'AWS::ECS::Service': 'processes',
    'AWS::EKS::Cluster': 'processes',
    'AWS::SageMaker::NotebookInstance': 'processes',
  },
  azure: {
    'microsoft.storage/storageaccounts': 'stores',
    'microsoft.compute/disks': 'stores',
    'microsoft.compute/snapshots': 'stores',
    'microsoft.sql/servers/databases': 'stores',
    'microsoft.sql/managedinstances': 'stores',
    'microsoft.documentdb/databaseaccounts': 'stores',
    'microsoft.dbforpostgresql/flexibleservers': 'stores',
    'microsoft.dbforpostgresql/servers': 'stores',
    'microsoft.dbformysql/flexibleservers': 'stores',
    'microsoft.dbformysql/servers': 'stores',
    'microsoft.cache/redis': 'stores',
    'microsoft.healthcareapis/services': 'stores',
    'microsoft.healthcareapis/workspaces/fhirservices': 'stores',
    'microsoft.recoveryservices/vaults': 'stores',
    'microsoft.datalakestore/accounts': 'stores',
    'microsoft.synapse/workspaces': 'stores',
    'microsoft.servicebus/namespaces': 'moves',
    'microsoft.eventhub/namespaces': 'moves',
    'microsoft.network/applicationgateways': 'moves',
    'microsoft.network/frontdoors': 'moves',
    'microsoft.cdn/profiles': 'moves',
    'microsoft.apimanagement/service': 'moves',
    'microsoft.datafactory/factories': 'moves',
    'microsoft.compute/virtualmachines': 'processes',
    'microsoft.web/sites': 'processes',
    'microsoft.containerservice/managedclusters': 'processes',
  },
  gcp: {
    'storage.googleapis.com/Bucket': 'stores',
    'sqladmin.googleapis.com/Instance': 'stores',
    'compute.googleapis.com/Disk': 'stores',
    'compute.googleapis.com/Snapshot': 'stores',
    'bigquery.googleapis.com/Dataset': 'stores',
    'bigquery.googleapis.com/Table': 'stores',
    'spanner.googleapis.com/Instance': 'stores',
    'spanner.googleapis.com/Database': 'stores',
    'bigtableadmin.googleapis.com/Instance': 'stores',
    'firestore.googleapis.com/Database': 'stores',
    'redis.googleapis.com/Instance': 'stores',
    'file.googleapis.com/Instance': 'stores',
    'alloydb.googleapis.com/Cluster': 'stores',
    'healthcare.googleapis.com/Dataset': 'stores',
    'healthcare.googleapis.com/FhirStore': 'stores',
    'healthcare.googleapis.com/DicomStore': 'stores',
    'healthcare.googleapis.com/Hl7V2Store': 'stores',
    'pubsub.googleapis.com/Topic': 'moves',
    'pubsub.googleapis.com/Subscription': 'moves',
    'compute.googleapis.com/BackendService': 'moves',
    'dataflow.googleapis.com/Job': 'moves',
    'compute.googleapis.com/Instance': 'processes',
    'run.googleapis.com/Service': 'processes',
    'cloudfunctions.googleapis.com/CloudFunction': 'processes',
    'container.googleapis.com/Cluster': 'processes',
    'notebooks.googleapis.com/Instance': 'processes',
  },
};

/** System databases hold no user data. */
const SYSTEM_NAMES: Record<string, RegExp> = { 'microsoft.sql/servers/databases': /^master$/i };

export function roleOf(provider: Provider, type: string): AssetRole | undefined {
  return ROLES[provider][provider === 'azure' ? type.toLowerCase() : type];
}

export interface AssetRow {
  asset: string;
  assetId: string;
  type: string;
  role: AssetRole | 'tagged';
  cloud: Provider;
  account: string;
  region: string;
  ephiTagged: boolean;
  basis: string;
  owner: string;
  internetFacing: boolean;
  exposureBasis: string;
  encryptionAtRest: string;
  encryptionInTransit: string;
  failing: number;
  undecided: number;
  waived: number;
  source: string;
  observedAt: string;
}

export function assetInventory(resources: Iterable<Resource>, findings: readonly Finding[], ephiScope: EphiScope): AssetRow[] {
  const findingsOf = new Map<string, Finding[]>();
  for (const f of findings) {
    const key = resourceKeyOf(f.resource.provider, f.resource.id);
    const list = findingsOf.get(key) ?? [];
    list.push(f);
    findingsOf.set(key, list);
  }
  const rows: AssetRow[] = [];
  for (const r of resources) {
    if (r.deleted) continue;
    const role = roleOf(r.provider, r.type);
    const tagged = holdsEphi(r, ephiScope);
    if (!tagged && (!role || role === 'processes')) continue;
    if (!tagged && SYSTEM_NAMES[r.type.toLowerCase()]?.test(r.name)) continue;
    const own = findingsOf.get(resourceKeyOf(r.provider, r.id)) ?? [];
    const exposure = exposureOf(r, own);
    const ephiTags = Object.entries(r.tags).filter(([k, v]) => holdsEphi({ tags: { [k]: v } }, ephiScope)).map(([k, v]) => `${k}=${v}`);
    rows.push({
      asset: r.name,
      assetId: r.id,
      type: r.type,
      role: role ?? 'tagged',
      cloud: r.provider,
      account: r.account ?? '',
      region: r.region ?? '',
      ephiTagged: tagged,
      basis: tagged ? `tagged ${ephiTags.join(', ')}` : `${role === 'stores' ? 'stores' : 'moves'} data (resource type); not tagged as holding ePHI: confirm`,
      owner: ownerOf(r.tags),
      internetFacing: exposure.internetFacing,
      exposureBasis: exposure.basis ?? '',
      encryptionAtRest: categoryStatus(own, 'encryption-at-rest'),
      encryptionInTransit: categoryStatus(own, 'encryption-in-transit'),
      failing: own.filter((f) => f.status === 'fail').length,
      undecided: own.filter((f) => f.status === 'error').length,
      waived: own.filter((f) => f.status === 'waived').length,
      source: `${r.source.format}: ${r.source.file}`,
      observedAt: r.source.observedAt ?? '',
    });
  }
  const order = { stores: 0, moves: 1, processes: 2, tagged: 3 };
  return rows.sort((a, b) => Number(b.ephiTagged) - Number(a.ephiTagged) || order[a.role] - order[b.role] || a.cloud.localeCompare(b.cloud) || a.type.localeCompare(b.type) || a.asset.localeCompare(b.asset));
}

/** One word per category: the worst status of its checks on the resource, or `not graded`. */
function categoryStatus(findings: readonly Finding[], category: Finding['category']): string {
  const own = findings.filter((f) => f.category === category);
  if (own.length === 0) return 'not graded';
  for (const s of ['fail', 'error', 'waived', 'pass', 'not_applicable'] as const) if (own.some((f) => f.status === s)) return s;
  return 'not graded';
}

export const ASSET_COLUMNS: [string, (r: AssetRow) => string][] = [
  ['Asset', (r) => r.asset],
  ['Cloud', (r) => r.cloud],
  ['Account', (r) => r.account],
  ['Region', (r) => r.region],
  ['Type', (r) => r.type],
  ['Role', (r) => r.role],
  ['ePHI tagged', (r) => (r.ephiTagged ? 'yes' : 'no')],
  ['Why listed', (r) => r.basis],
  ['Owner', (r) => r.owner],
  ['Internet-facing', (r) => (r.internetFacing ? `yes (${r.exposureBasis})` : 'no sign')],
  ['Encryption at rest', (r) => r.encryptionAtRest],
  ['Encryption in transit', (r) => r.encryptionInTransit],
  ['Failing results', (r) => String(r.failing)],
  ['Undecided results', (r) => String(r.undecided)],
  ['Waived results', (r) => String(r.waived)],
  ['Asset ID', (r) => r.assetId],
  ['Source', (r) => r.source],
  ['Observed at', (r) => r.observedAt],
];
