import { defineCheck } from '../../src/engine/check.js';
import { fail, notApplicable, pass, undecided } from '../../src/engine/verdict.js';
import { EXPORT } from './_shared/account.js';
import { reportFlag, reportRow } from './_shared/credential-report.js';

export default defineCheck({
  id: 'aws-iam-user-console-mfa',
  title: 'IAM users with a console password have MFA',
  provider: 'aws',
  resourceTypes: ['AWS::IAM::User'],
  category: 'authentication',
  severity: 'high',
  rationale:
    'A console password without a second factor is the most common way into an AWS account; HIPAA asks that a person seeking access to ePHI is the one claimed (person or entity authentication).',
  remediation: {
    text: 'Assign the user an MFA device (a security key or an authenticator app), and deny actions without MFA with an IAM policy condition aws:MultiFactorAuthPresent; better, move people to IAM Identity Center.',
    cli: 'aws iam create-virtual-mfa-device --virtual-mfa-device-name USER --outfile USER-qr.png --bootstrap-method QRCodePNG\naws iam enable-mfa-device --user-name USER --serial-number arn:aws:iam::ACCOUNT:mfa/USER --authentication-code1 CODE1 --authentication-code2 CODE2',
    terraform: 'resource "aws_iam_virtual_mfa_device" "user" {\n  virtual_mfa_device_name = "USER"\n}\n# The device is enabled with two codes from it (aws iam enable-mfa-device); Terraform cannot type them.',
  },
  evaluate(user) {
    const row = reportRow(user);
    if (!row) return undecided(`The scan holds no credential report row for this user, so whether it signs in with MFA is unknown; export ${EXPORT.credentialReport}.`, { credentialReport: null });
    const evidence = { password_enabled: row.password_enabled ?? null, mfa_active: row.mfa_active ?? null, password_last_used: row.password_last_used ?? null };
    const password = reportFlag(row.password_enabled);
    if (password === undefined) return undecided('The credential report row does not say whether the user has a console password.', evidence);
    if (!password) return notApplicable('The user has no console password; it cannot sign in to the console.', evidence);
    const mfa = reportFlag(row.mfa_active);
    if (mfa === undefined) return undecided('The credential report row does not say whether the user has an MFA device.', evidence);
    return mfa
      ? pass('The user signs in to the console with a password and an MFA device.', evidence)
      : fail('The user can sign in to the console with a password alone: it has no MFA device.', evidence);
  },
});
