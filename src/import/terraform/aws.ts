import { UNKNOWN, type Attributes, type Unknown } from './attributes.js';
import type { PlannedResource } from './plan.js';
import { isObject } from './plan.js';
import { compact, orUndefined, Translation, type Companion, type NativeDraft, type PlanContext, type Translator } from './translate.js';

/**
 * AWS resources become AWS Config configuration items: `type` is the Config resource type,
 * `config` carries Config's own field names (its `configuration` merged with the decoded
 * `supplementaryConfiguration`, as the Config importer builds it), and S3 settings sit in
 * `related.supplementaryConfiguration` where the S3 checks read them. Field names follow
 * awslabs/aws-config-resource-schema (`config/properties/resource-types/*.properties.json`).
 */

/** Resources that configure a bucket or file system; they are merged into it, not graded alone. */
export const AWS_COMPANIONS: Record<string, Companion> = {
  aws_s3_bucket_server_side_encryption_configuration: { targets: ['aws_s3_bucket'], attribute: 'bucket', keys: ['bucket', 'id'] },
  aws_s3_bucket_policy: { targets: ['aws_s3_bucket'], attribute: 'bucket', keys: ['bucket', 'id'] },
  aws_s3_bucket_public_access_block: { targets: ['aws_s3_bucket'], attribute: 'bucket', keys: ['bucket', 'id'] },
  aws_s3_bucket_versioning: { targets: ['aws_s3_bucket'], attribute: 'bucket', keys: ['bucket', 'id'] },
  aws_s3_bucket_logging: { targets: ['aws_s3_bucket'], attribute: 'bucket', keys: ['bucket', 'id'] },
  aws_efs_backup_policy: { targets: ['aws_efs_file_system'], attribute: 'file_system_id', keys: ['id'] },
};

/** Types read only as context for other translations. */
export const AWS_CONTEXT = ['aws_ebs_encryption_by_default', 'aws_caller_identity'];

const S3_DEFAULT_ENCRYPTION = 'ServerSideEncryptionConfiguration: SSE-S3 (AES256), which Amazon S3 applies to every new bucket since 2023-01-05';
const S3_DEFAULT_PUBLIC_ACCESS_BLOCK = 'PublicAccessBlockConfiguration: all four settings on, the default for every new bucket since April 2023';

export const AWS_TRANSLATORS: Record<string, Translator> = {
  aws_s3_bucket: s3Bucket,
  aws_db_instance: dbInstance,
  aws_rds_cluster: dbCluster,
  aws_rds_cluster_instance: clusterInstance,
  aws_ebs_volume: ebsVolume,
  aws_efs_file_system: efsFileSystem,
  aws_dynamodb_table: dynamoDbTable,
  aws_cloudtrail: cloudTrail,
  aws_lb_listener: lbListener,
  aws_alb_listener: lbListener,
  aws_kms_key: kmsKey,
};

function s3Bucket(r: PlannedResource, t: Translation, ctx: PlanContext): NativeDraft {
  const a = r.attrs;
  const isNew = r.action === 'create' || r.action === 'replace';
  const name = orUndefined(a.text('bucket')) ?? orUndefined(a.text('id'));
  const supplementary: Record<string, unknown> = {
    ServerSideEncryptionConfiguration: s3Encryption(r, t, ctx, isNew),
    BucketVersioningConfiguration: s3Versioning(r, t, ctx),
    BucketLoggingConfiguration: s3Logging(r, t, ctx, isNew),
    BucketPolicy: s3Policy(r, t, ctx, isNew),
    PublicAccessBlockConfiguration: s3PublicAccessBlock(r, t, ctx, isNew),
  };
  const arn = orUndefined(a.text('arn'));
  return awsItem(r, ctx, 'AWS::S3::Bucket', { name }, supplementary, arn ? { arn } : {});
}

/** Default encryption: the separate resource (provider v4+) wins over the inline block (v3). */
function s3Encryption(r: PlannedResource, t: Translation, ctx: PlanContext, isNew: boolean): Record<string, unknown> | undefined {
  const field = 'ServerSideEncryptionConfiguration';
  const separate = ctx.companion(r, 'aws_s3_bucket_server_side_encryption_configuration');
  if (separate) return s3Rules(separate.attrs.blocks('rule'), t, `${separate.address}.rule`);
  const inline = r.attrs.block('server_side_encryption_configuration');
  if (inline !== UNKNOWN && inline !== undefined) return s3Rules(inline.blocks('rule'), t, 'server_side_encryption_configuration');
  if (isNew && (inline === undefined || !r.attrs.configured('server_side_encryption_configuration'))) {
    t.assume(S3_DEFAULT_ENCRYPTION);
    return { rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256' }, bucketKeyEnabled: false }] };
  }
  if (inline === UNKNOWN) {
    // Present without rules: the S3 checks read that as undecided, not as "no encryption".
    t.noteUnknown('server_side_encryption_configuration', field);
    return {};
  }
  return undefined; // the bucket exists and the provider read no default encryption
}

function s3Rules(rules: Attributes[] | Unknown, t: Translation, attribute: string): Record<string, unknown> {
  const field = 'ServerSideEncryptionConfiguration';
  if (rules === UNKNOWN) {
    t.noteUnknown(attribute, field);
    return {};
  }
  const out: Record<string, unknown>[] = [];
  for (const rule of rules) {
    const byDefault = rule.block('apply_server_side_encryption_by_default');
    const algorithm = byDefault === UNKNOWN ? UNKNOWN : byDefault?.text('sse_algorithm');
    if (algorithm === UNKNOWN) {
      t.noteUnknown(`${attribute}.apply_server_side_encryption_by_default.sse_algorithm`, field);
      return {};
    }
    const key = byDefault && byDefault !== UNKNOWN ? t.identifier(byDefault, 'kms_master_key_id', `${attribute}.apply_server_side_encryption_by_default.kms_master_key_id`, field) : undefined;
    out.push({
      applyServerSideEncryptionByDefault: byDefault ? { sseAlgorithm: algorithm, kmsMasterKeyID: key } : undefined,
      bucketKeyEnabled: orUndefined(rule.boolean('bucket_key_enabled')),
    });
  }
  return { rules: out };
}

const VERSIONING_STATUS: Record<string, string> = { Enabled: 'Enabled', Suspended: 'Suspended', Disabled: 'Off' };

function s3Versioning(r: PlannedResource, t: Translation, ctx: PlanContext): Record<string, unknown> | undefined {
  const field = 'BucketVersioningConfiguration';
  const separate = ctx.companion(r, 'aws_s3_bucket_versioning');
  if (separate) {
    const v = separate.attrs.block('versioning_configuration');
    const status = v === UNKNOWN ? UNKNOWN : v?.text('status');
    if (status === UNKNOWN) return t.unknownAt(`${separate.address}.versioning_configuration.status`, field);
    const mfa = v && v !== UNKNOWN ? orUndefined(v.text('mfa_delete')) : undefined;
    return { status: status ? (VERSIONING_STATUS[status] ?? status) : 'Off', isMfaDeleteEnabled: mfa === undefined ? null : mfa === 'Enabled' };
  }
  const inline = r.attrs.block('versioning');
  if (inline === UNKNOWN) {
    // Computed by provider v4+: with no versioning configured anywhere, a bucket is unversioned.
    if (!r.attrs.configured('versioning')) return { status: 'Off', isMfaDeleteEnabled: null };
    return t.unknownAt('versioning', field);
  }
  const enabled = inline?.boolean('enabled');
  if (enabled === UNKNOWN) return t.unknownAt('versioning.enabled', field);
  const mfa = inline?.boolean('mfa_delete');
  return { status: enabled ? 'Enabled' : 'Off', isMfaDeleteEnabled: typeof mfa === 'boolean' ? mfa : null };
}

function s3Logging(r: PlannedResource, t: Translation, ctx: PlanContext, isNew: boolean): Record<string, unknown> | undefined {
  const field = 'BucketLoggingConfiguration';
  const separate = ctx.companion(r, 'aws_s3_bucket_logging');
  if (separate) {
    return {
      destinationBucketName: t.identifier(separate.attrs, 'target_bucket', `${separate.address}.target_bucket`, field) ?? null,
      logFilePrefix: orUndefined(separate.attrs.string('target_prefix')) ?? null,
    };
  }
  const inline = r.attrs.block('logging');
  if (inline === UNKNOWN) {
    if (isNew || !r.attrs.configured('logging')) return { destinationBucketName: null, logFilePrefix: null };
    return t.unknownAt('logging', field);
  }
  if (!inline) return { destinationBucketName: null, logFilePrefix: null };
  return {
    destinationBucketName: t.identifier(inline, 'target_bucket', 'logging.target_bucket', field) ?? null,
    logFilePrefix: orUndefined(inline.string('target_prefix')) ?? null,
  };
}

function s3Policy(r: PlannedResource, t: Translation, ctx: PlanContext, isNew: boolean): Record<string, unknown> | undefined {
  const field = 'BucketPolicy';
  const separate = ctx.companion(r, 'aws_s3_bucket_policy');
  const [attrs, attribute] = separate ? [separate.attrs, `${separate.address}.policy`] : [r.attrs, 'policy'];
  const policy = attrs.text('policy');
  if (policy === UNKNOWN) {
    // Provider v4+ computes the inline `policy`: unset in the configuration, a new bucket has none.
    if (!separate && isNew && !r.attrs.configured('policy')) return { policyText: null };
    // Left out: the policy checks read a missing BucketPolicy as undecided.
    return t.unknownAt(attribute, field);
  }
  return { policyText: policy === undefined ? null : parseJson(policy) };
}

function s3PublicAccessBlock(r: PlannedResource, t: Translation, ctx: PlanContext, isNew: boolean): Record<string, unknown> | undefined {
  const separate = ctx.companion(r, 'aws_s3_bucket_public_access_block');
  if (!separate) {
    if (!isNew) return undefined;
    t.assume(S3_DEFAULT_PUBLIC_ACCESS_BLOCK);
    return { blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: true, restrictPublicBuckets: true };
  }
  const out: Record<string, unknown> = {};
  const settings: [string, string][] = [
    ['blockPublicAcls', 'block_public_acls'],
    ['ignorePublicAcls', 'ignore_public_acls'],
    ['blockPublicPolicy', 'block_public_policy'],
    ['restrictPublicBuckets', 'restrict_public_buckets'],
  ];
  for (const [key, attribute] of settings) {
    const v = separate.attrs.boolean(attribute);
    if (v === UNKNOWN) t.noteUnknown(`${separate.address}.${attribute}`, `PublicAccessBlockConfiguration.${key}`);
    else out[key] = v ?? false;
  }
  return out;
}

/**
 * RDS storage encryption when the plan leaves `storage_encrypted` unset or unknown: a replica or
 * a restore inherits its source's, an Aurora instance its cluster's; otherwise RDS creates
 * unencrypted storage ("the default is false if not specified", provider and RDS API alike).
 */
function rdsStorageEncrypted(r: PlannedResource, t: Translation, inheritFrom: string[], serverlessDefault = false): boolean | undefined {
  const a = r.attrs;
  const v = a.boolean('storage_encrypted');
  if (typeof v === 'boolean') return v;
  const source = inheritFrom.find((k) => a.configured(k) || isSet(a.get(k)));
  if (source) {
    t.noteUnknown('storage_encrypted', 'storageEncrypted', `it follows the source named by ${source}`);
    return undefined;
  }
  if (v === UNKNOWN && a.configured('storage_encrypted')) {
    t.noteUnknown('storage_encrypted', 'storageEncrypted');
    return undefined;
  }
  if (serverlessDefault && orUndefined(a.text('engine_mode')) === 'serverless') {
    t.assume('storageEncrypted: true, as Aurora Serverless v1 always encrypts');
    return true;
  }
  const engine = a.text('engine');
  if (engine === UNKNOWN) {
    t.noteUnknown('engine', 'storageEncrypted');
    return undefined;
  }
  if (!serverlessDefault && engine?.startsWith('aurora')) {
    t.noteUnknown('storage_encrypted', 'storageEncrypted', 'an Aurora instance\'s storage is its cluster\'s');
    return undefined;
  }
  t.assume('storageEncrypted: false, the RDS default when storage_encrypted is not set');
  return false;
}

/** What a restored or replicated cluster takes its storage encryption from. */
const CLUSTER_SOURCES = ['snapshot_identifier', 'replication_source_identifier', 'global_cluster_identifier', 'restore_to_point_in_time'];

/** Fields instances and clusters share, under the same Config names. */
function rdsShared(r: PlannedResource, t: Translation, inheritFrom: string[], cluster: boolean): Record<string, unknown> {
  const a = r.attrs;
  return {
    engine: orUndefined(a.text('engine')),
    engineVersion: orUndefined(a.text('engine_version_actual')) ?? orUndefined(a.text('engine_version')),
    storageEncrypted: rdsStorageEncrypted(r, t, inheritFrom, cluster),
    kmsKeyId: t.identifier(a, 'kms_key_id', 'kms_key_id', 'kmsKeyId'),
    backupRetentionPeriod: t.known(a.number('backup_retention_period'), 'backup_retention_period', 'backupRetentionPeriod'),
    deletionProtection: t.known(a.boolean('deletion_protection'), 'deletion_protection', 'deletionProtection'),
    enabledCloudwatchLogsExports: t.known(a.strings('enabled_cloudwatch_logs_exports'), 'enabled_cloudwatch_logs_exports', 'enabledCloudwatchLogsExports') ?? [],
  };
}

function dbInstance(r: PlannedResource, t: Translation, ctx: PlanContext): NativeDraft {
  const a = r.attrs;
  const configuration = {
    dBInstanceIdentifier: orUndefined(a.text('identifier')),
    dBInstanceArn: orUndefined(a.text('arn')),
    dbiResourceId: orUndefined(a.text('resource_id')),
    ...rdsShared(r, t, ['replicate_source_db', 'snapshot_identifier', 'restore_to_point_in_time'], false),
    dBInstanceClass: orUndefined(a.text('instance_class')),
    storageType: orUndefined(a.text('storage_type')),
    allocatedStorage: orUndefined(a.number('allocated_storage')),
    publiclyAccessible: t.known(a.boolean('publicly_accessible'), 'publicly_accessible', 'publiclyAccessible'),
    multiAZ: t.known(a.boolean('multi_az'), 'multi_az', 'multiAZ'),
    iAMDatabaseAuthenticationEnabled: t.known(a.boolean('iam_database_authentication_enabled'), 'iam_database_authentication_enabled', 'iAMDatabaseAuthenticationEnabled'),
    autoMinorVersionUpgrade: orUndefined(a.boolean('auto_minor_version_upgrade')),
    copyTagsToSnapshot: orUndefined(a.boolean('copy_tags_to_snapshot')),
    cACertificateIdentifier: orUndefined(a.text('ca_cert_identifier')),
    dBParameterGroups: parameterGroups(t.known(a.text('parameter_group_name'), 'parameter_group_name', 'dBParameterGroups')),
    performanceInsightsEnabled: orUndefined(a.boolean('performance_insights_enabled')),
    monitoringInterval: orUndefined(a.number('monitoring_interval')),
    dBName: orUndefined(a.text('db_name')) ?? orUndefined(a.text('name')),
    masterUsername: orUndefined(a.text('username')),
  };
  return awsItem(r, ctx, 'AWS::RDS::DBInstance', configuration, { Tags: tagList(awsTags(r, ctx)) }, {});
}

function dbCluster(r: PlannedResource, t: Translation, ctx: PlanContext): NativeDraft {
  const a = r.attrs;
  const configuration = {
    dbclusterIdentifier: orUndefined(a.text('cluster_identifier')),
    dbclusterArn: orUndefined(a.text('arn')),
    dbClusterResourceId: orUndefined(a.text('cluster_resource_id')),
    ...rdsShared(r, t, CLUSTER_SOURCES, true),
    engineMode: orUndefined(a.text('engine_mode')),
    iamdatabaseAuthenticationEnabled: t.known(a.boolean('iam_database_authentication_enabled'), 'iam_database_authentication_enabled', 'iamdatabaseAuthenticationEnabled'),
    dbclusterParameterGroup: t.known(a.text('db_cluster_parameter_group_name'), 'db_cluster_parameter_group_name', 'dbclusterParameterGroup'),
    databaseName: orUndefined(a.text('database_name')),
    masterUsername: orUndefined(a.text('master_username')),
    port: orUndefined(a.number('port')),
  };
  return awsItem(r, ctx, 'AWS::RDS::DBCluster', configuration, { Tags: tagList(awsTags(r, ctx)) }, {});
}

/** An Aurora cluster member: AWS Config records it as a DB instance whose storage is its cluster's. */
function clusterInstance(r: PlannedResource, t: Translation, ctx: PlanContext): NativeDraft {
  const a = r.attrs;
  const cluster = ctx.links.target(r, 'cluster_identifier', ['aws_rds_cluster'], ['cluster_identifier', 'id']);
  let storageEncrypted: boolean | undefined;
  if (cluster) {
    const fromCluster = new Translation(cluster, ctx);
    storageEncrypted = rdsStorageEncrypted(cluster, fromCluster, CLUSTER_SOURCES, true);
    for (const u of fromCluster.unknown) t.noteUnknown(`${cluster.address}.${u.attribute}`, u.field, u.note);
    for (const s of fromCluster.assumed) t.assume(s);
  } else t.noteUnknown('storage_encrypted', 'storageEncrypted', 'its cluster decides, and the plan does not hold it');
  const configuration = {
    dBInstanceIdentifier: orUndefined(a.text('identifier')),
    dBInstanceArn: orUndefined(a.text('arn')),
    dBClusterIdentifier: orUndefined(a.text('cluster_identifier')),
    engine: orUndefined(a.text('engine')),
    dBInstanceClass: orUndefined(a.text('instance_class')),
    storageEncrypted,
    kmsKeyId: cluster ? orUndefined(cluster.attrs.text('kms_key_id')) : undefined,
    publiclyAccessible: t.known(a.boolean('publicly_accessible'), 'publicly_accessible', 'publiclyAccessible'),
    autoMinorVersionUpgrade: orUndefined(a.boolean('auto_minor_version_upgrade')),
  };
  return awsItem(r, ctx, 'AWS::RDS::DBInstance', configuration, { Tags: tagList(awsTags(r, ctx)) }, {});
}

function ebsVolume(r: PlannedResource, t: Translation, ctx: PlanContext): NativeDraft {
  const a = r.attrs;
  let encrypted = a.boolean('encrypted');
  if (typeof encrypted !== 'boolean') {
    // Unset, EBS encrypts when the account's encryption by default is on in the region, or the snapshot is encrypted.
    const zone = orUndefined(a.text('availability_zone'));
    const region = zone ? zone.replace(/[a-z]$/, '') : ctx.providerString(r, 'region');
    const byDefault = ctx.resourcesOfType('aws_ebs_encryption_by_default').find((d) => {
      const dRegion = ctx.providerString(d, 'region');
      return d.attrs.boolean('enabled') !== false && d.attrs.boolean('enabled') !== UNKNOWN && (region === undefined || dRegion === undefined || dRegion === region);
    });
    if (byDefault) {
      t.assume(`encrypted: true, because ${byDefault.address} turns on EBS encryption by default`);
      encrypted = true;
    } else {
      const fromSnapshot = isSet(a.get('snapshot_id')) || a.configured('snapshot_id');
      t.noteUnknown('encrypted', 'encrypted', fromSnapshot ? 'the snapshot or the account\'s EBS encryption by default decides' : 'the account\'s EBS encryption by default decides');
      encrypted = undefined;
    }
  }
  const configuration = {
    volumeId: orUndefined(a.text('id')),
    encrypted,
    kmsKeyId: t.identifier(a, 'kms_key_id', 'kms_key_id', 'kmsKeyId'),
    size: orUndefined(a.number('size')),
    volumeType: orUndefined(a.text('type')),
    iops: orUndefined(a.number('iops')),
    availabilityZone: orUndefined(a.text('availability_zone')),
    snapshotId: orUndefined(a.text('snapshot_id')),
    attachments: [],
  };
  return awsItem(r, ctx, 'AWS::EC2::Volume', configuration, {}, {});
}

function efsFileSystem(r: PlannedResource, t: Translation, ctx: PlanContext): NativeDraft {
  const a = r.attrs;
  let encrypted = a.boolean('encrypted');
  if (typeof encrypted !== 'boolean') {
    if (a.configured('encrypted')) {
      t.noteUnknown('encrypted', 'Encrypted');
      encrypted = undefined;
    } else {
      t.assume('Encrypted: false, as EFS creates unencrypted file systems unless encrypted is set');
      encrypted = false;
    }
  }
  const backup = ctx.companion(r, 'aws_efs_backup_policy');
  const backupStatus = backup ? backup.attrs.block('backup_policy') : undefined;
  const status = backupStatus && backupStatus !== UNKNOWN ? backupStatus.text('status') : backupStatus;
  const configuration = {
    FileSystemId: orUndefined(a.text('id')),
    Arn: orUndefined(a.text('arn')),
    Encrypted: encrypted,
    KmsKeyId: t.identifier(a, 'kms_key_id', 'kms_key_id', 'KmsKeyId'),
    PerformanceMode: orUndefined(a.text('performance_mode')),
    ThroughputMode: orUndefined(a.text('throughput_mode')),
    BackupPolicy: backup ? { Status: t.known(status, `${backup.address}.backup_policy.status`, 'BackupPolicy') } : undefined,
  };
  return awsItem(r, ctx, 'AWS::EFS::FileSystem', configuration, {}, {});
}

function dynamoDbTable(r: PlannedResource, t: Translation, ctx: PlanContext): NativeDraft {
  const a = r.attrs;
  const sse = a.block('server_side_encryption');
  let ssedescription: Record<string, unknown> | undefined;
  if (sse === UNKNOWN) {
    t.noteUnknown('server_side_encryption', 'ssedescription');
    ssedescription = {};
  } else if (sse) {
    const enabled = sse.boolean('enabled');
    if (enabled === UNKNOWN) {
      t.noteUnknown('server_side_encryption.enabled', 'ssedescription');
      ssedescription = {};
    } else if (enabled) {
      // Enabled without a key ARN is the AWS managed key (aws/dynamodb); either way SSE type is KMS.
      ssedescription = { status: 'ENABLED', ssetype: 'KMS', kmsmasterKeyArn: t.identifier(sse, 'kms_key_arn', 'server_side_encryption.kms_key_arn', 'ssedescription') };
    }
  }
  // No SSEDescription is how DynamoDB describes its default, an AWS owned key.
  const pitr = a.block('point_in_time_recovery');
  const pitrEnabled = pitr === UNKNOWN ? UNKNOWN : (pitr?.boolean('enabled') ?? false);
  if (pitrEnabled === UNKNOWN) t.noteUnknown('point_in_time_recovery', 'ContinuousBackupsDescription');
  const stream = orUndefined(a.boolean('stream_enabled'));
  const configuration = {
    tableName: orUndefined(a.text('name')),
    tableArn: orUndefined(a.text('arn')),
    tableStatus: 'ACTIVE',
    billingModeSummary: { billingMode: orUndefined(a.text('billing_mode')) },
    ssedescription,
    streamSpecification: stream === undefined ? undefined : { streamEnabled: stream, streamViewType: orUndefined(a.text('stream_view_type')) },
  };
  const supplementary = {
    ContinuousBackupsDescription:
      pitrEnabled === UNKNOWN
        ? {}
        : { continuousBackupsStatus: 'ENABLED', pointInTimeRecoveryDescription: { pointInTimeRecoveryStatus: pitrEnabled ? 'ENABLED' : 'DISABLED' } },
    Tags: tagList(awsTags(r, ctx)),
  };
  return awsItem(r, ctx, 'AWS::DynamoDB::Table', configuration, supplementary, {});
}

function cloudTrail(r: PlannedResource, t: Translation, ctx: PlanContext): NativeDraft {
  const a = r.attrs;
  const selectors = a.blocks('event_selector');
  const advanced = a.blocks('advanced_event_selector');
  const insights = a.blocks('insight_selector');
  const configuration = {
    name: orUndefined(a.text('name')),
    trailARN: orUndefined(a.text('arn')),
    s3BucketName: t.identifier(a, 's3_bucket_name', 's3_bucket_name', 's3BucketName'),
    s3KeyPrefix: orUndefined(a.text('s3_key_prefix')),
    homeRegion: orUndefined(a.text('home_region')) ?? ctx.providerString(r, 'region'),
    isMultiRegionTrail: t.known(a.boolean('is_multi_region_trail'), 'is_multi_region_trail', 'isMultiRegionTrail'),
    includeGlobalServiceEvents: t.known(a.boolean('include_global_service_events'), 'include_global_service_events', 'includeGlobalServiceEvents'),
    isOrganizationTrail: t.known(a.boolean('is_organization_trail'), 'is_organization_trail', 'isOrganizationTrail'),
    logFileValidationEnabled: t.known(a.boolean('enable_log_file_validation'), 'enable_log_file_validation', 'logFileValidationEnabled'),
    kmsKeyId: t.identifier(a, 'kms_key_id', 'kms_key_id', 'kmsKeyId'),
    cloudWatchLogsLogGroupArn: t.identifier(a, 'cloud_watch_logs_group_arn', 'cloud_watch_logs_group_arn', 'cloudWatchLogsLogGroupArn'),
    cloudWatchLogsRoleArn: t.identifier(a, 'cloud_watch_logs_role_arn', 'cloud_watch_logs_role_arn', 'cloudWatchLogsRoleArn'),
    snsTopicName: orUndefined(a.text('sns_topic_name')),
    hasCustomEventSelectors: selectors === UNKNOWN || advanced === UNKNOWN ? undefined : selectors.length + advanced.length > 0,
    hasInsightSelectors: insights === UNKNOWN ? undefined : insights.length > 0,
  };
  // Config's item has no logging state; CloudTrail's GetTrailStatus reports it as IsLogging.
  const logging = t.known(a.boolean('enable_logging'), 'enable_logging', 'IsLogging');
  return awsItem(r, ctx, 'AWS::CloudTrail::Trail', configuration, { Tags: tagList(awsTags(r, ctx)) }, logging === undefined ? {} : { trailStatus: { IsLogging: logging } });
}

function lbListener(r: PlannedResource, t: Translation, ctx: PlanContext): NativeDraft {
  const a = r.attrs;
  const actions = a.blocks('default_action');
  const certificate = t.identifier(a, 'certificate_arn', 'certificate_arn', 'Certificates');
  const port = a.get('port');
  if (port === UNKNOWN) t.noteUnknown('port', 'Port');
  const configuration = {
    ListenerArn: orUndefined(a.text('arn')),
    LoadBalancerArn: t.identifier(a, 'load_balancer_arn', 'load_balancer_arn', 'LoadBalancerArn'),
    Port: typeof port === 'number' ? port : typeof port === 'string' && /^\d+$/.test(port) ? Number(port) : undefined,
    Protocol: t.known(a.text('protocol'), 'protocol', 'Protocol'),
    SslPolicy: t.known(a.text('ssl_policy'), 'ssl_policy', 'SslPolicy'),
    Certificates: certificate ? [{ CertificateArn: certificate, IsDefault: true }] : [],
    AlpnPolicy: orUndefined(a.text('alpn_policy')) ? [orUndefined(a.text('alpn_policy'))] : undefined,
    DefaultActions: actions === UNKNOWN ? t.unknownAt('default_action', 'DefaultActions') : actions.map((d) => listenerAction(d, t)),
  };
  return awsItem(r, ctx, 'AWS::ElasticLoadBalancingV2::Listener', configuration, {}, {});
}

function listenerAction(d: Attributes, t: Translation): Record<string, unknown> {
  const redirect = d.block('redirect');
  const fixed = d.block('fixed_response');
  return {
    Type: t.known(d.text('type'), 'default_action.type', 'DefaultActions'),
    Order: orUndefined(d.number('order')),
    TargetGroupArn: t.identifier(d, 'target_group_arn', 'default_action.target_group_arn', 'DefaultActions'),
    RedirectConfig:
      redirect && redirect !== UNKNOWN
        ? {
            Protocol: t.known(redirect.text('protocol'), 'default_action.redirect.protocol', 'DefaultActions'),
            Port: orUndefined(redirect.text('port')),
            Host: orUndefined(redirect.text('host')),
            Path: orUndefined(redirect.text('path')),
            Query: orUndefined(redirect.text('query')),
            StatusCode: orUndefined(redirect.text('status_code')),
          }
        : undefined,
    FixedResponseConfig: fixed && fixed !== UNKNOWN ? { ContentType: orUndefined(fixed.text('content_type')), StatusCode: orUndefined(fixed.text('status_code')) } : undefined,
  };
}

function kmsKey(r: PlannedResource, t: Translation, ctx: PlanContext): NativeDraft {
  const a = r.attrs;
  const enabled = a.boolean('is_enabled');
  const spec = orUndefined(a.text('customer_master_key_spec')) ?? orUndefined(a.text('key_spec'));
  const policy = a.text('policy');
  const rotation = a.boolean('enable_key_rotation');
  const configuration = {
    keyId: orUndefined(a.text('key_id')),
    arn: orUndefined(a.text('arn')),
    description: orUndefined(a.text('description')),
    enabled: t.known(enabled, 'is_enabled', 'enabled'),
    keyState: enabled === UNKNOWN ? undefined : enabled === false ? 'Disabled' : 'Enabled',
    keyUsage: orUndefined(a.text('key_usage')),
    keySpec: spec,
    customerMasterKeySpec: spec,
    keyManager: 'CUSTOMER',
    origin: 'AWS_KMS',
    multiRegion: orUndefined(a.boolean('multi_region')),
  };
  const supplementary = {
    KeyRotationStatus: rotation === UNKNOWN ? t.unknownAt('enable_key_rotation', 'KeyRotationStatus') : (rotation ?? false),
    // The key policy is computed (the default key policy) when the configuration sets none.
    Policy: policy === UNKNOWN ? (a.configured('policy') ? t.unknownAt('policy', 'Policy') : undefined) : policy === undefined ? undefined : parseJson(policy),
  };
  return awsItem(r, ctx, 'AWS::KMS::Key', configuration, supplementary, {});
}

/** A Config-item-shaped draft: `config` is configuration merged over supplementaryConfiguration, as the Config importer does. */
function awsItem(
  r: PlannedResource,
  ctx: PlanContext,
  type: string,
  configuration: Record<string, unknown>,
  supplementary: Record<string, unknown>,
  related: Record<string, unknown>,
): NativeDraft {
  const supp = compact(supplementary);
  const arn = orUndefined(r.attrs.text('arn'));
  const [, , , arnRegion, arnAccount] = arn?.split(':') ?? [];
  const resourceRegion = orUndefined(r.attrs.text('region'));
  const zone = orUndefined(r.attrs.text('availability_zone'));
  return {
    provider: 'aws',
    type,
    id: arn ?? r.address,
    account: arnAccount || ctx.awsAccount(),
    region: resourceRegion || arnRegion || (zone ? zone.replace(/[a-z]$/, '') : undefined) || ctx.providerString(r, 'region'),
    tags: awsTags(r, ctx),
    config: compact({ ...supp, ...configuration }),
    related: { supplementaryConfiguration: supp, ...related },
  };
}

/** `tags_all` when known; otherwise the resource's tags over the provider's constant `default_tags`. */
function awsTags(r: PlannedResource, ctx: PlanContext): Record<string, string> {
  const all = r.attrs.map('tags_all');
  if (all && all !== UNKNOWN) return all;
  const own = r.attrs.map('tags');
  const defaults = ctx.providerConfig(r)?.default_tags;
  const block = Array.isArray(defaults) ? defaults[0] : undefined;
  const constant = isObject(block) && isObject(block.tags) ? block.tags.constant_value : undefined;
  const base = isObject(constant) ? Object.fromEntries(Object.entries(constant).filter((e): e is [string, string] => typeof e[1] === 'string')) : {};
  return { ...base, ...(own && own !== UNKNOWN ? own : {}) };
}

function parameterGroups(name: string | undefined): Record<string, unknown>[] | undefined {
  return name ? [{ dBParameterGroupName: name, parameterApplyStatus: 'in-sync' }] : undefined;
}

function tagList(tags: Record<string, string>): { key: string; value: string }[] {
  return Object.entries(tags).map(([key, value]) => ({ key, value }));
}

/** A known, non-empty value (an unknown one counts only where the configuration sets it). */
function isSet(v: unknown): boolean {
  return v !== UNKNOWN && v !== undefined && v !== '' && !(Array.isArray(v) && v.length === 0);
}

/** Policies are JSON text in the plan; the Config importer decodes them, so the draft holds the object. */
function parseJson(text: string): unknown {
  try {
    const parsed: unknown = JSON.parse(text);
    return isObject(parsed) ? parsed : text;
  } catch {
    return text;
  }
}
