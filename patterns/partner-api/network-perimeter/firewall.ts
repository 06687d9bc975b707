import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AccountNames } from "../../../core/naming";

export { domainAllowed, s3Hosts } from "./egress";

/**
 * The perimeter's "API proxy layer" (reference/000, pattern 5, step 10) as an AWS Network
 * Firewall in front of the NAT gateways, rather than a fleet of explicit proxies: it is
 * managed, declarative (the allow-list is data in the stack), needs no client proxy
 * settings, and inspects every flow the routes send through it. HTTPS is allowed by TLS SNI
 * and HTTP by Host header, to the listed domains only; every other flow is dropped.
 */

/** Capacity of the domain rule group; fixed, because AWS cannot change it in place. */
export const DOMAIN_GROUP_CAPACITY = 1000;
/** Most domains the allow-list takes (each name costs capacity per inspected protocol). */
export const MAX_DOMAINS = 400;

const DOMAIN = /^\.?(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

/**
 * The allow-list as Network Firewall takes it: `api.partner.example` is that host only,
 * `.partner.example` the domain and every subdomain.
 * @throws Error naming each entry that is not a domain
 */
export function checkDomains(domains: readonly string[]): string[] {
    if (domains.length === 0) {
        throw new Error("allowedDomains: give at least one domain; with none the perimeter would allow no egress at all");
    }
    if (domains.length > MAX_DOMAINS) {
        throw new Error(`allowedDomains: ${domains.length} domains, more than the ${MAX_DOMAINS} the rule group's capacity holds`);
    }
    const bad = domains.filter((d) => !DOMAIN.test(d));
    if (bad.length > 0) {
        throw new Error(
            `allowedDomains: ${bad.map((d) => JSON.stringify(d)).join(", ")} not a domain name such as "api.partner.example" or ".partner.example" (lower case, no scheme, path or port)`,
        );
    }
    return [...new Set(domains)].sort();
}

/**
 * The domain allow-list rule group. HOME_NET is set to the sources the firewall serves
 * (the sharing subnets): by default it is the firewall's own VPC, and a domain list only
 * inspects traffic from HOME_NET, so spoke traffic would go unfiltered.
 */
export function domainAllowList(domains: readonly string[], homeNet: readonly string[]): aws.types.input.networkfirewall.RuleGroupRuleGroup {
    return {
        ruleVariables: { ipSets: [{ key: "HOME_NET", ipSet: { definitions: [...homeNet] } }] },
        rulesSource: { rulesSourceList: { generatedRulesType: "ALLOWLIST", targetTypes: ["TLS_SNI", "HTTP_HOST"], targets: checkDomains(domains) } },
        statefulRuleOptions: { ruleOrder: "STRICT_ORDER" },
    };
}

/**
 * UDP and ICMP out of the sharing subnets are dropped outright: the default action drops
 * established flows, but the first datagram of a UDP flow would otherwise leave.
 */
export function nonTcpDropRules(homeNet: readonly string[]): aws.types.input.networkfirewall.RuleGroupRuleGroup {
    return {
        ruleVariables: { ipSets: [{ key: "HOME_NET", ipSet: { definitions: [...homeNet] } }] },
        rulesSource: {
            rulesString: [
                'drop udp $HOME_NET any -> $EXTERNAL_NET any (msg:"perimeter: UDP egress is not allowed"; sid:1000001; rev:1;)',
                'drop icmp $HOME_NET any -> $EXTERNAL_NET any (msg:"perimeter: ICMP egress is not allowed"; sid:1000002; rev:1;)',
            ].join("\n"),
        },
        statefulRuleOptions: { ruleOrder: "STRICT_ORDER" },
    };
}

/**
 * The policy: every packet to the stateful engine, rules in strict order (allow-list
 * first), and anything established that no rule passed is dropped and logged.
 */
export function firewallPolicyDocument(
    domainGroupArn: pulumi.Input<string>,
    dropGroupArn: pulumi.Input<string>,
): aws.types.input.networkfirewall.FirewallPolicyFirewallPolicy {
    return {
        statelessDefaultActions: ["aws:forward_to_sfe"],
        statelessFragmentDefaultActions: ["aws:forward_to_sfe"],
        statefulEngineOptions: { ruleOrder: "STRICT_ORDER" },
        statefulDefaultActions: ["aws:drop_established", "aws:alert_established"],
        statefulRuleGroupReferences: [
            { priority: 100, resourceArn: domainGroupArn },
            { priority: 200, resourceArn: dropGroupArn },
        ],
    };
}

/** What the provider reports of a firewall's endpoints. */
export type FirewallStatuses = readonly {
    readonly syncStates?: readonly {
        readonly availabilityZone?: string;
        readonly attachments?: readonly { readonly endpointId?: string; readonly subnetId?: string }[];
    }[];
}[];

/**
 * The firewall endpoint in a subnet, the target of the routes through it. Undefined only
 * when the provider reports no statuses at all, which AWS never does for a created firewall.
 * @throws Error when the firewall reports endpoints but none in the subnet
 */
export function firewallEndpointId(statuses: FirewallStatuses | undefined, subnetId: string): string | undefined {
    if (!statuses || statuses.length === 0) {
        return undefined;
    }
    const attachments = statuses.flatMap((s) => s.syncStates ?? []).flatMap((s) => s.attachments ?? []);
    const endpoint = attachments.find((a) => a.subnetId === subnetId)?.endpointId;
    if (!endpoint) {
        throw new Error(`the firewall has no endpoint in subnet ${subnetId} (it reports ${attachments.map((a) => a.subnetId).join(", ") || "none"})`);
    }
    return endpoint;
}

export interface EgressFirewallArgs {
    /** Names of the owning account. */
    names: AccountNames;
    /** The egress VPC. */
    vpcId: pulumi.Input<string>;
    /** One firewall subnet per zone. */
    subnetIds: pulumi.Input<string>[];
    /** Domains the sharing subnets may reach, e.g. ["api.partner.example", ".amazonaws.com"]. */
    allowedDomains: readonly string[];
    /** The sources served: the sharing subnets' ranges. */
    homeNet: readonly string[];
    /** Customer key for the firewall, its policy, rule groups and logs. */
    kmsKeyArn: pulumi.Input<string>;
    /** Days the alert and flow logs are kept. */
    logRetentionDays: number;
    /** Turn on AWS's delete protection (a `pulumi destroy` then fails until it is turned off). */
    protect: boolean;
}

/** The egress firewall: two stateful rule groups, the policy, the firewall and its logs. */
export class EgressFirewall extends pulumi.ComponentResource {
    /** The firewall. */
    public readonly firewall: aws.networkfirewall.Firewall;
    /** The allowed domains, sorted. */
    public readonly allowedDomains: string[];

    constructor(name: string, args: EgressFirewallArgs, opts?: pulumi.ComponentResourceOptions) {
        super("datasharing:network:EgressFirewall", name, {}, opts);
        const parent = { parent: this };
        const { names } = args;
        this.allowedDomains = checkDomains(args.allowedDomains);
        const encryption = { type: "CUSTOMER_KMS", keyId: args.kmsKeyArn };

        const domains = new aws.networkfirewall.RuleGroup(
            `${name}-domains`,
            {
                name: names.name("generic", "egress-allowed-domains"),
                description: "Egress allow-list: HTTPS (SNI) and HTTP (Host) to the listed domains only",
                type: "STATEFUL",
                capacity: DOMAIN_GROUP_CAPACITY,
                ruleGroup: domainAllowList(this.allowedDomains, args.homeNet),
                encryptionConfiguration: encryption,
            },
            parent,
        );
        const drops = new aws.networkfirewall.RuleGroup(
            `${name}-drop-non-tcp`,
            {
                name: names.name("generic", "egress-drop-non-tcp"),
                description: "Egress: no UDP, no ICMP",
                type: "STATEFUL",
                capacity: 10,
                ruleGroup: nonTcpDropRules(args.homeNet),
                encryptionConfiguration: encryption,
            },
            parent,
        );
        const policy = new aws.networkfirewall.FirewallPolicy(
            name,
            {
                name: names.name("generic", "egress"),
                description: "Egress perimeter policy",
                firewallPolicy: firewallPolicyDocument(domains.arn, drops.arn),
                encryptionConfiguration: encryption,
            },
            parent,
        );
        this.firewall = new aws.networkfirewall.Firewall(
            name,
            {
                name: names.name("generic", "egress"),
                description: "Egress perimeter firewall (pattern 5, steps 9-11)",
                vpcId: args.vpcId,
                subnetMappings: args.subnetIds.map((subnetId) => ({ subnetId })),
                firewallPolicyArn: policy.arn,
                deleteProtection: args.protect,
                // Moving the firewall out of its subnets would silently bypass it.
                subnetChangeProtection: true,
                encryptionConfiguration: encryption,
            },
            parent,
        );
        const logGroup = (kind: string) =>
            new aws.cloudwatch.LogGroup(
                `${name}-${kind}`,
                { name: `/aws/network-firewall/${names.name("generic", "egress")}/${kind}`, kmsKeyId: args.kmsKeyArn, retentionInDays: args.logRetentionDays },
                parent,
            );
        const alerts = logGroup("alert");
        const flows = logGroup("flow");
        new aws.networkfirewall.LoggingConfiguration(
            name,
            {
                firewallArn: this.firewall.arn,
                loggingConfiguration: {
                    logDestinationConfigs: [
                        { logType: "ALERT", logDestinationType: "CloudWatchLogs", logDestination: { logGroup: alerts.name } },
                        { logType: "FLOW", logDestinationType: "CloudWatchLogs", logDestination: { logGroup: flows.name } },
                    ],
                },
            },
            parent,
        );
        this.registerOutputs({ firewallArn: this.firewall.arn });
    }
}
