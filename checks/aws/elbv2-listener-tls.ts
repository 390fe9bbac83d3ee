import { defineCheck } from '../../src/engine/check.js';
import { fail, notApplicable, pass, undecided } from '../../src/engine/verdict.js';
import { anyCase, anyCaseArray, anyCaseString, configurationMissing } from './_shared/any-case.js';
import { elbPolicyTls12Only } from './_shared/elb-security-policy.js';

export default defineCheck({
  id: 'aws-elbv2-listener-tls',
  title: 'Load balancer listener accepts only TLS 1.2+ (or redirects HTTP to HTTPS)',
  provider: 'aws',
  resourceTypes: ['AWS::ElasticLoadBalancingV2::Listener'],
  category: 'encryption-in-transit',
  severity: 'high',
  rationale:
    'Requests to an application carry ePHI and session credentials; a listener that serves plain HTTP or TCP, or negotiates TLS 1.0/1.1, lets that traffic cross the network unencrypted or with deprecated protocols.',
  remediation: {
    text: 'Serve HTTPS or TLS listeners with a TLS 1.2+ security policy (for example ELBSecurityPolicy-TLS13-1-2-2021-06) and turn plain HTTP listeners into redirects to HTTPS.',
    cli: 'aws elbv2 modify-listener --listener-arn LISTENER-ARN --ssl-policy ELBSecurityPolicy-TLS13-1-2-2021-06\naws elbv2 modify-listener --listener-arn HTTP-LISTENER-ARN --default-actions \'Type=redirect,RedirectConfig={Protocol=HTTPS,Port=443,StatusCode=HTTP_301}\'',
    terraform:
      'resource "aws_lb_listener" "https" {\n  # ...\n  protocol   = "HTTPS"\n  ssl_policy = "ELBSecurityPolicy-TLS13-1-2-2021-06"\n}\n\nresource "aws_lb_listener" "http" {\n  # ...\n  protocol = "HTTP"\n  default_action {\n    type = "redirect"\n    redirect {\n      protocol    = "HTTPS"\n      port        = "443"\n      status_code = "HTTP_301"\n    }\n  }\n}',
  },
  evaluate(listener) {
    const missing = configurationMissing(listener, 'listener', 'its protocol');
    if (missing) return missing;
    // Config records listeners in the CloudFormation shape: Protocol, Port, SslPolicy, DefaultActions.
    const protocol = anyCaseString(listener.config, 'Protocol') ?? null;
    const sslPolicy = anyCaseString(listener.config, 'SslPolicy') ?? null;
    const evidence = { Protocol: protocol, Port: anyCase(listener.config, 'Port') ?? null, SslPolicy: sslPolicy };
    switch (protocol) {
      case 'HTTPS':
      case 'TLS': {
        if (sslPolicy === null) return undecided(`The ${protocol} listener record does not name its security policy.`, evidence);
        const modern = elbPolicyTls12Only(sslPolicy);
        if (modern === undefined) return undecided(`The security policy ${sslPolicy} is not one this check knows, so the minimum TLS version is unknown.`, evidence);
        return modern
          ? pass(`The listener accepts ${protocol} only, with TLS 1.2 or newer (${sslPolicy}).`, evidence)
          : fail(`The listener accepts ${protocol}, but its security policy ${sslPolicy} still allows TLS 1.0 or 1.1.`, evidence);
      }
      case 'HTTP': {
        const actions = anyCaseArray(listener.config, 'DefaultActions');
        if (!actions || actions.length === 0) return undecided('The HTTP listener record does not list its default actions.', evidence);
        const redirects = actions.every((a) => anyCaseString(a, 'Type') === 'redirect' && anyCaseString(a, 'RedirectConfig.Protocol') === 'HTTPS');
        const all = { ...evidence, DefaultActions: actions.map((a) => ({ Type: anyCaseString(a, 'Type') ?? null, RedirectProtocol: anyCaseString(a, 'RedirectConfig.Protocol') ?? null })) };
        return redirects
          ? pass('The HTTP listener only redirects clients to HTTPS.', all)
          : fail('The listener serves plain HTTP instead of redirecting to HTTPS.', all);
      }
      case 'TCP':
      case 'UDP':
      case 'TCP_UDP':
        // End-to-end TLS through a TCP listener is invisible here; document it with a waiver.
        return fail(`The ${protocol} listener does not terminate TLS, so the load balancer does not require encryption.`, evidence);
      case 'GENEVE':
        return notApplicable('Gateway Load Balancer listeners forward packets to appliances; they carry no client sessions to encrypt.', evidence);
      default:
        return undecided(protocol === null ? 'The listener record does not name its protocol.' : `The listener protocol ${protocol} is not one this check knows.`, evidence);
    }
  },
});
