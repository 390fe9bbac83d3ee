import { defineCheck } from '../../src/engine/check.js';
import { arrayField, isRecord } from '../../src/engine/read.js';
import { fail, pass, undecided } from '../../src/engine/verdict.js';
import { anyCase, anyCaseString, configurationMissing } from './_shared/any-case.js';

export default defineCheck({
  id: 'aws-rds-snapshot-not-public',
  title: 'RDS snapshot is not shared publicly',
  provider: 'aws',
  resourceTypes: ['AWS::RDS::DBSnapshot', 'AWS::RDS::DBClusterSnapshot'],
  category: 'access-control',
  severity: 'critical',
  rationale:
    'A snapshot whose restore attribute includes "all" can be copied and restored by any AWS account in the world: a full copy of the database, ePHI included.',
  remediation: {
    text: 'Remove "all" from the snapshot\'s restore attribute; share with named accounts only, and only encrypted snapshots with a customer managed key.',
    cli: 'aws rds modify-db-snapshot-attribute --db-snapshot-identifier SNAPSHOT --attribute-name restore --values-to-remove all\naws rds modify-db-cluster-snapshot-attribute --db-cluster-snapshot-identifier SNAPSHOT --attribute-name restore --values-to-remove all',
    terraform: '# Snapshot sharing is set outside Terraform\'s aws_db_snapshot; remove it with the CLI and block it with an SCP denying rds:ModifyDBSnapshotAttribute.',
  },
  evaluate(snapshot) {
    const missing = configurationMissing(snapshot, 'snapshot', 'who may restore it');
    if (missing) return missing;
    // AWS Config records the DescribeDB(Cluster)SnapshotAttributes result in supplementaryConfiguration.
    const key = snapshot.type === 'AWS::RDS::DBClusterSnapshot' ? 'DBClusterSnapshotAttributes' : 'DBSnapshotAttributes';
    const attributes = arrayField(snapshot.config, key) ?? (Array.isArray(anyCase(snapshot.config, key)) ? (anyCase(snapshot.config, key) as unknown[]) : undefined);
    if (!attributes) return undecided(`The snapshot record carries no ${key}, so who may restore it is unknown.`, { [key]: null });
    const restore = attributes.filter(isRecord).find((a) => anyCaseString(a, 'attributeName') === 'restore');
    const values = restore ? anyCase(restore, 'attributeValues') : [];
    const sharedWith = Array.isArray(values) ? values.filter((v): v is string => typeof v === 'string') : [];
    const evidence = { restoreAttributeValues: sharedWith };
    if (sharedWith.includes('all')) return fail('The snapshot is public: any AWS account can restore a copy of the database.', evidence);
    return sharedWith.length
      ? pass(`The snapshot is shared with named accounts only (${sharedWith.join(', ')}), not publicly.`, evidence)
      : pass('The snapshot is not shared with any other account.', evidence);
  },
});
