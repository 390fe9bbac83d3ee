import { defineCheck } from '../../src/engine/check.js';
import { booleanField, field } from '../../src/engine/read.js';
import { fail, pass, undecided } from '../../src/engine/verdict.js';
import { configurationMissing } from './_shared/any-case.js';

export default defineCheck({
  id: 'aws-rds-instance-not-public',
  title: 'RDS DB instance is not publicly accessible',
  provider: 'aws',
  resourceTypes: ['AWS::RDS::DBInstance'],
  category: 'access-control',
  severity: 'high',
  rationale:
    'A publicly accessible instance gets a DNS name that resolves to a public address; one permissive security group rule then exposes the database login, and the ePHI behind it, to the internet.',
  remediation: {
    text: 'Turn off public accessibility and reach the database from inside the VPC (a bastion, SSM port forwarding or a VPN).',
    cli: 'aws rds modify-db-instance --db-instance-identifier DB --no-publicly-accessible --apply-immediately',
    terraform: 'resource "aws_db_instance" "this" {\n  # ...\n  publicly_accessible = false\n}',
  },
  evaluate(db) {
    const missing = configurationMissing(db, 'database instance', 'whether it is publicly accessible');
    if (missing) return missing;
    const evidence = { publiclyAccessible: field(db.config, 'publiclyAccessible') ?? null, endpoint: field(db.config, 'endpoint.address') ?? null };
    const open = booleanField(db.config, 'publiclyAccessible');
    if (open === undefined) return undecided('The database instance record does not say whether it is publicly accessible.', evidence);
    return open
      ? fail('The database instance is publicly accessible: its endpoint resolves to a public IP address.', evidence)
      : pass('The database instance is reachable only from inside its VPC.', evidence);
  },
});
