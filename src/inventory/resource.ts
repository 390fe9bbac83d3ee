/** Where a configuration document came from: the evidence of how and when it was observed. */
export interface Provenance {
  /** The export format it was read from, e.g. `aws-config-snapshot`, `gcp-asset-export-ndjson`. */
  format: string;
  /** The file it was read from (as given on the command line), or the API for live collection. */
  file: string;
  /** 1-based line in the file, for line-oriented formats (NDJSON). */
  line?: number;
  /** 0-based index of the record within its array, for JSON formats. */
  index?: number;
  /** When the cloud observed this state (Config capture time, asset update time), if it says. */
  observedAt?: string;
  /** For a resource read from a Terraform plan: where it is declared and what the plan does to it. */
  terraform?: TerraformOrigin;
}

/** A planned resource's Terraform identity; findings point at `address`. */
export interface TerraformOrigin {
  /** e.g. `module.db.aws_db_instance.reporting`. */
  address: string;
  /** The module instance (`module.db`); absent in the root module. */
  module?: string;
  /** `create`, `update`, `no-op`, `replace` (delete and create), or `read`. */
  action: string;
  /** Values Terraform knows only after apply, left out of the native document. */
  unknown?: TerraformUnknown[];
  /** Native values taken from the cloud's documented defaults rather than from the plan. */
  assumed?: string[];
  /** Source position of the declaration, when known (plan JSON does not carry it). */
  file?: string;
  line?: number;
}

/** A plan attribute known only after apply, and the native field it would have filled. */
export interface TerraformUnknown {
  attribute: string;
  field: string;
  /** What decides the value at apply (the source snapshot, the account's default), when known. */
  note?: string;
}

export type Provider = 'aws' | 'azure' | 'gcp';

/**
 * One cloud resource in its cloud's own vocabulary. `type` and `id` are the cloud's own
 * (`AWS::S3::Bucket` + ARN, `Microsoft.Storage/storageAccounts` + resource ID,
 * `storage.googleapis.com/Bucket` + full resource name); `config` is the native document.
 */
export interface Resource {
  provider: Provider;
  type: string;
  id: string;
  name: string;
  /** AWS account id, Azure subscription id, GCP project (id or number, as the source gives it). */
  account?: string;
  region?: string;
  tags: Record<string, string>;
  /**
   * The native configuration document: AWS Config `configuration` merged with the decoded
   * `supplementaryConfiguration`; Azure Resource Graph `properties`; GCP asset `resource.data`.
   */
  config: Record<string, unknown>;
  /**
   * Other native documents about the same resource, keyed by what they are: the Azure/ARG row's
   * envelope (`sku`, `kind`, `identity`), child resources such as an Azure SQL database's
   * `transparentDataEncryption`, a GCP asset's `iamPolicy`.
   */
  related: Record<string, unknown>;
  /** The cloud reports the resource as deleted at the time of observation. */
  deleted?: boolean;
  source: Provenance;
}

/** Key used to find a resource again: the same id can only clash across providers. */
export function resourceKey(r: Pick<Resource, 'provider' | 'id'>): string {
  return `${r.provider}\u0000${r.id}`;
}
