import { strict as assert } from "assert";
import {
    checkDomains,
    domainAllowList,
    firewallEndpointId,
    firewallPolicyDocument,
    nonTcpDropRules,
} from "../../../../patterns/partner-api/network-perimeter/firewall";

const HOME = ["10.30.128.0/19", "10.30.160.0/19"];

describe("network perimeter: the egress firewall's rules", () => {
    it("allows HTTPS by SNI and HTTP by Host to the listed domains, for traffic from the sharing subnets", () => {
        const group = domainAllowList(["api.partner.example", ".amazonaws.com"], HOME) as any;
        assert.deepEqual(group.rulesSource.rulesSourceList, {
            generatedRulesType: "ALLOWLIST",
            targetTypes: ["TLS_SNI", "HTTP_HOST"],
            targets: [".amazonaws.com", "api.partner.example"],
        });
        // A domain list inspects HOME_NET only, which is otherwise the firewall's own VPC.
        assert.deepEqual(group.ruleVariables.ipSets, [{ key: "HOME_NET", ipSet: { definitions: HOME } }]);
        assert.equal(group.statefulRuleOptions.ruleOrder, "STRICT_ORDER");
    });

    it("drops UDP and ICMP from the sharing subnets outright", () => {
        const rules = (nonTcpDropRules(HOME) as any).rulesSource.rulesString as string;
        assert.match(rules, /^drop udp \$HOME_NET any -> \$EXTERNAL_NET any/m);
        assert.match(rules, /^drop icmp \$HOME_NET any -> \$EXTERNAL_NET any/m);
    });

    it("sends every packet to the stateful engine and drops what no rule passed", () => {
        const policy = firewallPolicyDocument("arn:domains", "arn:drops") as any;
        assert.deepEqual(policy.statelessDefaultActions, ["aws:forward_to_sfe"]);
        assert.deepEqual(policy.statelessFragmentDefaultActions, ["aws:forward_to_sfe"]);
        assert.deepEqual(policy.statefulDefaultActions, ["aws:drop_established", "aws:alert_established"]);
        assert.equal(policy.statefulEngineOptions.ruleOrder, "STRICT_ORDER");
        assert.deepEqual(
            policy.statefulRuleGroupReferences.map((r: any) => r.resourceArn),
            ["arn:domains", "arn:drops"],
        );
    });

    const badDomains: { name: string; domains: string[]; message: RegExp }[] = [
        { name: "an empty list", domains: [], message: /at least one domain/ },
        { name: "a URL", domains: ["https://api.partner.example/"], message: /"https:\/\/api.partner.example\/"/ },
        { name: "a bare wildcard", domains: ["*"], message: /"\*"/ },
        { name: "upper case", domains: ["API.partner.example"], message: /lower case/ },
        { name: "a port", domains: ["api.partner.example:443"], message: /no scheme, path or port/ },
    ];
    for (const c of badDomains) {
        it(`refuses ${c.name} in the allow-list`, () => {
            assert.throws(() => checkDomains(c.domains), c.message);
        });
    }
});

describe("network perimeter: finding the firewall endpoint of a subnet", () => {
    const statuses = [
        {
            syncStates: [
                { availabilityZone: "eu-west-1a", attachments: [{ subnetId: "subnet-a", endpointId: "vpce-a" }] },
                { availabilityZone: "eu-west-1b", attachments: [{ subnetId: "subnet-b", endpointId: "vpce-b" }] },
            ],
        },
    ];

    it("is the endpoint in that subnet, so each zone routes through its own endpoint", () => {
        assert.equal(firewallEndpointId(statuses, "subnet-b"), "vpce-b");
    });

    it("fails loudly when the firewall has no endpoint in the subnet", () => {
        assert.throws(() => firewallEndpointId(statuses, "subnet-c"), /no endpoint in subnet subnet-c \(it reports subnet-a, subnet-b\)/);
    });
});
