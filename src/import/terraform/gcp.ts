import { UNKNOWN, type Attributes } from './attributes.js';
import type { PlannedResource } from './plan.js';
import { compact, lastSegment, orUndefined, type NativeDraft, type PlanContext, type Translation, type Translator } from './translate.js';

/**
 * Google resources become Cloud Asset Inventory assets: `type` is the asset type, `id` the asset
 * name (`//storage.googleapis.com/BUCKET`) when the plan knows its parts, and `config` the asset's
 * `resource.data`, the service's own camelCase API object. Google's terraform-validator makes the
 * same conversion; its expected assets are the test oracle.
 */

export const GCP_TRANSLATORS: Record<string, Translator> = {
  google_storage_bucket: storageBucket,
  google_sql_database_instance: sqlInstance,
  google_compute_disk: computeDisk,
  google_compute_region_disk: computeDisk,
  google_kms_crypto_key: cryptoKey,
};

const COMPUTE = 'https://www.googleapis.com/compute/v1/';

function storageBucket(r: PlannedResource, t: Translation, ctx: PlanContext): NativeDraft {
  const a = r.attrs;
  const name = orUndefined(a.text('name'));
  const encryption = a.block('encryption');
  const versioning = a.block('versioning');
  const logging = a.block('logging');
  const retention = a.block('retention_policy');
  const website = a.block('website');
  const requesterPays = orUndefined(a.boolean('requester_pays'));
  const location = orUndefined(a.text('location'));
  const data = {
    name,
    location: location?.toUpperCase(),
    storageClass: orUndefined(a.text('storage_class')),
    labels: orUndefined(a.map('labels')),
    encryption:
      encryption === UNKNOWN
        ? t.unknownAt('encryption', 'encryption')
        : encryption
          ? { defaultKmsKeyName: kmsKeyName(encryption, 'default_kms_key_name', 'encryption.default_kms_key_name', 'defaultKmsKeyName', r, t, ctx) }
          : undefined,
    iamConfiguration: bucketIam(a, t),
    versioning: versioning && versioning !== UNKNOWN ? { enabled: t.known(versioning.boolean('enabled'), 'versioning.enabled', 'versioning') } : undefined,
    logging:
      logging && logging !== UNKNOWN
        ? { logBucket: t.identifier(logging, 'log_bucket', 'logging.log_bucket', 'logging'), logObjectPrefix: orUndefined(logging.text('log_object_prefix')) }
        : undefined,
    retentionPolicy:
      retention && retention !== UNKNOWN
        ? { retentionPeriod: numberText(retention.get('retention_period')), isLocked: orUndefined(retention.boolean('is_locked')) }
        : undefined,
    billing: requesterPays === undefined ? undefined : { requesterPays },
    website:
      website && website !== UNKNOWN ? { mainPageSuffix: orUndefined(website.text('main_page_suffix')), notFoundPage: orUndefined(website.text('not_found_page')) } : undefined,
  };
  const project = projectOf(r, ctx);
  return asset(r, 'storage.googleapis.com/Bucket', name ? `//storage.googleapis.com/${name}` : undefined, data, project, location?.toLowerCase());
}

/** Uniform bucket-level access: provider v3+ has `uniform_bucket_level_access`, v2 `bucket_policy_only`. */
function bucketIam(a: Attributes, t: Translation): Record<string, unknown> {
  const uniform = a.get('uniform_bucket_level_access') ?? a.get('bucket_policy_only');
  let enabled: boolean | undefined;
  if (typeof uniform === 'boolean') enabled = uniform;
  else if (uniform === UNKNOWN && (a.configured('uniform_bucket_level_access') || a.configured('bucket_policy_only'))) t.noteUnknown('uniform_bucket_level_access', 'iamConfiguration');
  else {
    t.assume('iamConfiguration.uniformBucketLevelAccess: off, the Cloud Storage default unless an organization policy enforces it');
    enabled = false;
  }
  const prevention = orUndefined(a.text('public_access_prevention'));
  return { uniformBucketLevelAccess: enabled === undefined ? undefined : { enabled }, publicAccessPrevention: prevention };
}

function sqlInstance(r: PlannedResource, t: Translation, ctx: PlanContext): NativeDraft {
  const a = r.attrs;
  const name = orUndefined(a.text('name'));
  const region = orUndefined(a.text('region')) ?? ctx.providerString(r, 'region');
  const settings = a.block('settings');
  const key = a.configured('encryption_key_name') || typeof a.get('encryption_key_name') === 'string' || a.get('encryption_key_name') === UNKNOWN
    ? kmsKeyName(a, 'encryption_key_name', 'encryption_key_name', 'kmsKeyName', r, t, ctx)
    : undefined;
  const project = projectOf(r, ctx);
  const data = {
    name,
    project,
    databaseVersion: orUndefined(a.text('database_version')),
    region,
    masterInstanceName: orUndefined(a.text('master_instance_name')),
    diskEncryptionConfiguration: key ? { kmsKeyName: key } : undefined,
    settings: settings === UNKNOWN ? t.unknownAt('settings', 'settings') : settings ? sqlSettings(settings, t) : undefined,
  };
  return asset(r, 'sqladmin.googleapis.com/Instance', project && name ? `//cloudsql.googleapis.com/projects/${project}/instances/${name}` : undefined, data, project, region);
}

function sqlSettings(s: Attributes, t: Translation): Record<string, unknown> {
  const ip = s.block('ip_configuration');
  const backup = s.block('backup_configuration');
  const location = s.block('location_preference');
  const maintenance = s.block('maintenance_window');
  const flags = s.blocks('database_flags');
  return {
    tier: orUndefined(s.text('tier')),
    activationPolicy: orUndefined(s.text('activation_policy')),
    availabilityType: orUndefined(s.text('availability_type')),
    pricingPlan: orUndefined(s.text('pricing_plan')),
    dataDiskType: orUndefined(s.text('disk_type')),
    dataDiskSizeGb: numberText(s.get('disk_size')),
    storageAutoResize: orUndefined(s.boolean('disk_autoresize')),
    userLabels: orUndefined(s.map('user_labels')),
    deletionProtectionEnabled: orUndefined(s.boolean('deletion_protection_enabled')),
    databaseFlags: flags === UNKNOWN ? t.unknownAt('settings.database_flags', 'databaseFlags') : flags.map((f) => ({ name: orUndefined(f.text('name')), value: orUndefined(f.text('value')) })),
    ipConfiguration:
      ip === UNKNOWN
        ? t.unknownAt('settings.ip_configuration', 'ipConfiguration')
        : ip
          ? {
              ipv4Enabled: t.known(ip.boolean('ipv4_enabled'), 'settings.ip_configuration.ipv4_enabled', 'ipConfiguration'),
              requireSsl: t.known(ip.boolean('require_ssl'), 'settings.ip_configuration.require_ssl', 'ipConfiguration'),
              sslMode: t.known(ip.text('ssl_mode'), 'settings.ip_configuration.ssl_mode', 'ipConfiguration'),
              privateNetwork: t.identifier(ip, 'private_network', 'settings.ip_configuration.private_network', 'ipConfiguration'),
              authorizedNetworks: authorizedNetworks(ip, t),
            }
          : undefined,
    backupConfiguration:
      backup === UNKNOWN
        ? t.unknownAt('settings.backup_configuration', 'backupConfiguration')
        : backup
          ? {
              enabled: t.known(backup.boolean('enabled'), 'settings.backup_configuration.enabled', 'backupConfiguration'),
              binaryLogEnabled: orUndefined(backup.boolean('binary_log_enabled')),
              startTime: orUndefined(backup.text('start_time')),
              location: orUndefined(backup.text('location')),
              pointInTimeRecoveryEnabled: orUndefined(backup.boolean('point_in_time_recovery_enabled')),
            }
          : undefined,
    locationPreference:
      location && location !== UNKNOWN
        ? { zone: orUndefined(location.text('zone')), secondaryZone: orUndefined(location.text('secondary_zone')), followGaeApplication: orUndefined(location.text('follow_gae_application')) }
        : undefined,
    maintenanceWindow:
      maintenance && maintenance !== UNKNOWN
        ? { day: orUndefined(maintenance.number('day')), hour: orUndefined(maintenance.number('hour')), updateTrack: orUndefined(maintenance.text('update_track')) }
        : undefined,
  };
}

function authorizedNetworks(ip: Attributes, t: Translation): unknown[] | undefined {
  const nets = ip.blocks('authorized_networks');
  if (nets === UNKNOWN) return t.unknownAt('settings.ip_configuration.authorized_networks', 'ipConfiguration');
  return nets.map((n) => ({ name: orUndefined(n.text('name')), value: orUndefined(n.text('value')), expirationTime: orUndefined(n.text('expiration_time')) }));
}

function computeDisk(r: PlannedResource, t: Translation, ctx: PlanContext): NativeDraft {
  const a = r.attrs;
  const regional = r.type === 'google_compute_region_disk';
  const name = orUndefined(a.text('name'));
  const project = projectOf(r, ctx);
  const place = regional
    ? lastSegment(orUndefined(a.text('region')) ?? ctx.providerString(r, 'region'))
    : lastSegment(orUndefined(a.text('zone')) ?? ctx.providerString(r, 'zone'));
  const scope = place && project ? `projects/${project}/${regional ? 'regions' : 'zones'}/${place}` : undefined;
  const type = orUndefined(a.text('type'));
  const size = a.get('size');
  const data = {
    name,
    [regional ? 'region' : 'zone']: scope ? COMPUTE + scope : undefined,
    type: type && scope && !type.includes('/') ? `${COMPUTE}${scope}/diskTypes/${type}` : type,
    sizeGb: numberText(size),
    labels: orUndefined(a.map('labels')),
    sourceImage: orUndefined(a.text('image')),
    sourceSnapshot: orUndefined(a.text('snapshot')),
    physicalBlockSizeBytes: orUndefined(a.number('physical_block_size_bytes')),
    diskEncryptionKey: diskKey(r, t, ctx),
  };
  const assetType = regional ? 'compute.googleapis.com/RegionDisk' : 'compute.googleapis.com/Disk';
  return asset(r, assetType, scope && name ? `//compute.googleapis.com/${scope}/disks/${name}` : undefined, data, project, regional ? place : place?.replace(/-[a-z]$/, ''));
}

/** A customer-managed key, a customer-supplied key (only its hash is ever recorded), or none. */
function diskKey(r: PlannedResource, t: Translation, ctx: PlanContext): Record<string, unknown> | undefined {
  const a = r.attrs;
  const block = a.block('disk_encryption_key');
  if (block === UNKNOWN) return t.unknownAt('disk_encryption_key', 'diskEncryptionKey');
  const supplied = (attrs: Attributes, path: string) => attrs.configured(path) || typeof attrs.get(path) === 'string';
  if (block) {
    const kms = kmsKeyName(block, 'kms_key_self_link', 'disk_encryption_key.kms_key_self_link', 'diskEncryptionKey', r, t, ctx);
    if (kms) return { kmsKeyName: kms, kmsKeyServiceAccount: orUndefined(block.text('kms_key_service_account')) };
    if (supplied(block, 'raw_key') || supplied(block, 'rsa_encrypted_key')) {
      return { sha256: orUndefined(block.text('sha256')) ?? '(known after apply: the SHA-256 of the customer-supplied key)' };
    }
    return undefined;
  }
  if (supplied(a, 'disk_encryption_key_raw')) return { sha256: orUndefined(a.text('disk_encryption_key_sha256')) ?? '(known after apply: the SHA-256 of the customer-supplied key)' };
  return undefined;
}

function cryptoKey(r: PlannedResource, t: Translation, ctx: PlanContext): NativeDraft {
  const a = r.attrs;
  const full = cryptoKeyName(r, ctx);
  const template = a.block('version_template');
  const isNew = r.action === 'create' || r.action === 'replace';
  const skipVersion = a.boolean('skip_initial_version_creation') === true;
  if (isNew && !skipVersion) t.assume('primary.state: ENABLED, the state of the first version Cloud KMS creates with a new key');
  const rotation = orUndefined(a.text('rotation_period'));
  const data = {
    name: full,
    purpose: orUndefined(a.text('purpose')),
    rotationPeriod: rotation,
    labels: orUndefined(a.map('labels')),
    versionTemplate:
      template && template !== UNKNOWN ? { algorithm: orUndefined(template.text('algorithm')), protectionLevel: orUndefined(template.text('protection_level')) } : undefined,
    primary: isNew && !skipVersion ? { state: 'ENABLED' } : undefined,
  };
  const project = full ? /^projects\/([^/]+)/.exec(full)?.[1] : projectOf(r, ctx);
  const location = full ? /\/locations\/([^/]+)/.exec(full)?.[1] : undefined;
  return asset(r, 'cloudkms.googleapis.com/CryptoKey', full ? `//cloudkms.googleapis.com/${full}` : undefined, data, project, location);
}

/** `projects/P/locations/L/keyRings/R/cryptoKeys/K` when the plan knows the ring and the name. */
function cryptoKeyName(key: PlannedResource, ctx: PlanContext): string | undefined {
  const name = orUndefined(key.attrs.text('name'));
  if (!name) return undefined;
  let ring = orUndefined(key.attrs.text('key_ring'));
  if (!ring) {
    const planned = ctx.links.target(key, 'key_ring', ['google_kms_key_ring'], ['id']);
    if (planned) {
      const ringName = orUndefined(planned.attrs.text('name'));
      const location = orUndefined(planned.attrs.text('location'));
      const project = projectOf(planned, ctx);
      if (ringName && location && project) ring = `projects/${project}/locations/${location}/keyRings/${ringName}`;
    }
  }
  return ring && /^projects\/[^/]+\/locations\/[^/]+\/keyRings\/[^/]+$/.test(ring) ? `${ring}/cryptoKeys/${name}` : undefined;
}

/**
 * A CMEK name. Known after apply only, the configuration still decides that a key is set; when it
 * refers to a key this plan creates, that key's name is built from the plan.
 */
function kmsKeyName(attrs: Attributes, path: string, attribute: string, field: string, r: PlannedResource, t: Translation, ctx: PlanContext): string | undefined {
  const v = attrs.text(path);
  if (v !== UNKNOWN) return v;
  const keys = ctx.links
    .resolveAll(attrs.references(path), r.modulePath)
    .flatMap((address) => ctx.resourcesOfType('google_kms_crypto_key').filter((k) => k.configAddress === address));
  const names = [...new Set(keys.map((k) => cryptoKeyName(k, ctx)))];
  if (keys.length > 0 && names.length === 1 && names[0]) return names[0];
  return t.identifier(attrs, path, attribute, field);
}

function projectOf(r: PlannedResource, ctx: PlanContext): string | undefined {
  return orUndefined(r.attrs.text('project')) ?? ctx.providerString(r, 'project');
}

/** int64 values are JSON strings in Google's APIs. */
function numberText(v: unknown): string | undefined {
  return typeof v === 'number' ? String(v) : typeof v === 'string' && v !== '' ? v : undefined;
}

function asset(r: PlannedResource, type: string, name: string | undefined, data: Record<string, unknown>, project: string | undefined, region: string | undefined): NativeDraft {
  const labels = (data.labels ?? (data.settings as Record<string, unknown> | undefined)?.userLabels) as Record<string, string> | undefined;
  return {
    provider: 'gcp',
    type,
    id: name ?? r.address,
    account: project,
    region: region?.toLowerCase(),
    tags: labels ?? {},
    config: compact(data),
    related: {},
  };
}
