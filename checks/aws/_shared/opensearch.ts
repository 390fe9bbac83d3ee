/**
 * OpenSearch Service domains: AWS Config records AWS::OpenSearch::Domain in the CloudFormation
 * shape (`EncryptionAtRestOptions.Enabled`, `DomainEndpointOptions.TLSSecurityPolicy`) and the
 * older AWS::Elasticsearch::Domain in camelCase (`encryptionAtRestOptions.enabled`,
 * `domainEndpointOptions.tlssecurityPolicy`); checks read both through `anyCase`.
 */
export const OPENSEARCH_TYPES = ['AWS::OpenSearch::Domain', 'AWS::Elasticsearch::Domain'];
