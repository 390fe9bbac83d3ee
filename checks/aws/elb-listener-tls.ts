import { defineCheck } from '../../src/engine/check.js';
import { isRecord } from '../../src/engine/read.js';
import { fail, pass, undecided } from '../../src/engine/verdict.js';
import { anyCase, anyCaseArray, anyCaseString, configurationMissing } from './_shared/any-case.js';
import { elbPolicyTls12Only } from './_shared/elb-security-policy.js';

interface ListenerGrade {
  listener: string;
  protocol: string | null;
  policy: string | null;
  /** true: TLS 1.2+ only; false: plaintext or older TLS; undefined: unknown. */
  ok: boolean | undefined;
  problem?: string;
}

export default defineCheck({
  id: 'aws-elb-listener-tls',
  title: 'Classic Load Balancer listeners use HTTPS/SSL with TLS 1.2+',
  provider: 'aws',
  resourceTypes: ['AWS::ElasticLoadBalancing::LoadBalancer'],
  category: 'encryption-in-transit',
  severity: 'high',
  rationale:
    'A Classic Load Balancer listener on HTTP or TCP passes requests, and the ePHI in them, unencrypted; an HTTPS/SSL listener whose negotiation policy still enables SSLv3, TLS 1.0 or 1.1 accepts deprecated protocols.',
  remediation: {
    text: 'Replace HTTP/TCP listeners with HTTPS/SSL listeners and attach the predefined policy ELBSecurityPolicy-TLS-1-2-2017-01 (or migrate to an Application Load Balancer).',
    cli: 'aws elb create-load-balancer-policy --load-balancer-name LB --policy-name tls12 --policy-type-name SSLNegotiationPolicyType --policy-attributes AttributeName=Reference-Security-Policy,AttributeValue=ELBSecurityPolicy-TLS-1-2-2017-01\naws elb set-load-balancer-policies-of-listener --load-balancer-name LB --load-balancer-port 443 --policy-names tls12',
    terraform:
      'resource "aws_load_balancer_policy" "tls12" {\n  load_balancer_name = aws_elb.this.name\n  policy_name        = "tls12"\n  policy_type_name   = "SSLNegotiationPolicyType"\n  policy_attribute {\n    name  = "Reference-Security-Policy"\n    value = "ELBSecurityPolicy-TLS-1-2-2017-01"\n  }\n}',
  },
  evaluate(lb) {
    const missing = configurationMissing(lb, 'load balancer', 'its listeners');
    if (missing) return missing;
    const descriptions = anyCaseArray(lb.config, 'listenerDescriptions');
    if (!descriptions || descriptions.length === 0) return undecided('The load balancer record lists no listeners.', { listenerDescriptions: descriptions ?? null });
    // supplementaryConfiguration.LoadBalancerPolicies: [{policyName, policyTypeName, policyAttributeDescriptions}]
    const policies = (anyCaseArray(lb.config, 'LoadBalancerPolicies') ?? []).filter(isRecord);
    const grades = descriptions.map((d) => gradeListener(d, policies));
    const evidence = { listeners: grades.map(({ listener, protocol, policy }) => ({ listener, protocol, policy })) };
    const bad = grades.filter((g) => g.ok === false);
    if (bad.length > 0) return fail(`Listener ${bad.map((g) => `${g.listener} ${g.problem}`).join('; ')}.`, evidence);
    const unknown = grades.filter((g) => g.ok === undefined);
    if (unknown.length > 0) return undecided(`The TLS versions of listener ${unknown.map((g) => `${g.listener} (${g.problem})`).join(', ')} cannot be read.`, evidence);
    return pass('Every listener uses HTTPS or SSL with a negotiation policy that allows only TLS 1.2 or newer.', evidence);
  },
});

function gradeListener(description: unknown, policies: Record<string, unknown>[]): ListenerGrade {
  const protocol = anyCaseString(description, 'listener.protocol')?.toUpperCase() ?? null;
  const port = anyCase(description, 'listener.loadBalancerPort');
  const listener = `${protocol ?? '?'}:${typeof port === 'number' || typeof port === 'string' ? port : '?'}`;
  if (protocol === 'HTTP' || protocol === 'TCP') return { listener, protocol, policy: null, ok: false, problem: 'accepts unencrypted traffic' };
  if (protocol !== 'HTTPS' && protocol !== 'SSL') return { listener, protocol, policy: null, ok: undefined, problem: 'unknown protocol' };
  const names = (anyCaseArray(description, 'policyNames') ?? []).filter((n): n is string => typeof n === 'string');
  const negotiation = policies.find((p) => names.includes(String(p.policyName)) && p.policyTypeName === 'SSLNegotiationPolicyType');
  if (negotiation) {
    const attributes = (anyCaseArray(negotiation, 'policyAttributeDescriptions') ?? []).filter(isRecord);
    const on = (name: string) => attributes.some((a) => a.attributeName === name && String(a.attributeValue).toLowerCase() === 'true');
    const old = ['Protocol-SSLv2', 'Protocol-SSLv3', 'Protocol-TLSv1', 'Protocol-TLSv1.1'].filter(on);
    const reference = attributes.find((a) => a.attributeName === 'Reference-Security-Policy')?.attributeValue;
    const policy = String(negotiation.policyName) + (typeof reference === 'string' ? ` (${reference})` : '');
    if (old.length > 0) return { listener, protocol, policy, ok: false, problem: `enables ${old.map((p) => p.replace('Protocol-', '')).join(', ')}` };
    if (on('Protocol-TLSv1.2')) return { listener, protocol, policy, ok: true };
    if (typeof reference === 'string') return byName(listener, protocol, reference);
    return { listener, protocol, policy, ok: undefined, problem: 'policy attributes not recorded' };
  }
  const predefined = names.find((n) => n.startsWith('ELBSecurityPolicy-') || n.startsWith('ELBSample-'));
  if (predefined) return byName(listener, protocol, predefined);
  return { listener, protocol, policy: names[0] ?? null, ok: undefined, problem: 'no negotiation policy recorded' };
}

function byName(listener: string, protocol: string, policy: string): ListenerGrade {
  const ok = elbPolicyTls12Only(policy);
  return { listener, protocol, policy, ok, ...(ok === false ? { problem: `uses ${policy}, which allows TLS 1.0 or 1.1` } : ok === undefined ? { problem: `unknown policy ${policy}` } : {}) };
}
