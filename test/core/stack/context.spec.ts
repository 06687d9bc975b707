import { strict as assert } from "assert";
import { ConfigError } from "../../../core/config-error";
import { TOPOLOGY_KEY } from "../../../core/topology/parse";
import { loadStackContext } from "../../../core/stack/context";
import { literalProducer } from "../../support/contracts";
import { sampleStackConfig, topologyWith } from "../../support/sample";
import { PATTERNS } from "../../../patterns/index";

const NOW = new Date("2026-11-22T00:00:00Z");

function load(stackName: string, config: Record<string, string | undefined> = {}, topology?: unknown) {
    const merged: Record<string, string> = { ...sampleStackConfig(stackName) };
    for (const [k, v] of Object.entries(config)) {
        if (v === undefined) delete merged[k];
        else merged[k] = v;
    }
    if (topology !== undefined) merged[TOPOLOGY_KEY] = JSON.stringify(topology);
    return loadStackContext({ config: merged, project: "datasharing", stackName, now: () => NOW }, PATTERNS);
}

/** The first problem reported, or the one at `key`. */
function problem(fn: () => unknown, key?: string): { key: string; message: string } {
    try {
        fn();
    } catch (err) {
        assert.ok(err instanceof ConfigError, String(err));
        const found = key === undefined ? err.problems[0] : err.problems.find((p) => p.key === key);
        assert.ok(found, JSON.stringify(err.problems));
        return found;
    }
    assert.fail("accepted");
}

describe("stack context", () => {
    it("takes the role from datasharing:account, or else from the stack name", () => {
        assert.equal(load("producer").identity.role, "producer");
        assert.equal(load("external", { "datasharing:account": undefined }).identity.account.accountId, "333333333333");
    });

    it("finds the consumer of a consumer stack from config, the topology or the stack name", () => {
        assert.equal(load("consumer").identity.consumer?.name, "auditor");
        assert.equal(
            load("consumer", { "datasharing:consumer": undefined }).identity.consumer?.name,
            "auditor",
            "the topology says auditor deploys as stack consumer",
        );
        const supplier = load("consumer-supplier", { "datasharing:account": undefined, "datasharing:consumer": undefined });
        assert.equal(supplier.identity.consumer?.name, "supplier");
        assert.equal(supplier.identity.account.accountId, "555555555555");
    });

    const CASES: { name: string; run: () => unknown; key: string; message: RegExp }[] = [
        {
            name: "unknown role",
            run: () => load("analytics", { "datasharing:account": "analytics" }),
            key: "datasharing:account",
            message: /"analytics" is not an account role: set it to producer, governance, external or consumer/,
        },
        {
            name: "role defaulted from an unknown stack name",
            run: () => load("dev", { "datasharing:account": undefined }),
            key: "datasharing:account",
            message: /defaulted to the stack name "dev"/,
        },
        {
            name: "stack name that is not the role's stack",
            run: () => load("producer-eu", { "datasharing:account": "producer" }),
            key: "datasharing:account",
            message: /whose stack is "producer" in the topology/,
        },
        {
            name: "unknown consumer",
            run: () => load("consumer", { "datasharing:consumer": "nobody" }),
            key: "datasharing:consumer",
            message: /no consumer named "nobody".*known: auditor, supplier/,
        },
        {
            name: "consumer not on AWS",
            run: () => load("consumer-insights-partner", { "datasharing:account": "consumer", "datasharing:consumer": "insights-partner" }),
            key: "datasharing:consumer",
            message: /not on AWS \(no accountId\), so it has no stack/,
        },
        {
            name: "deployment role in another account",
            run: () => load("producer", { "datasharing:assumeRoleArn": "arn:aws:iam::222222222222:role/deployer" }),
            key: "datasharing:assumeRoleArn",
            message: /role in account 222222222222, but this stack deploys into 111111111111/,
        },
        {
            name: "malformed deployment role",
            run: () => load("producer", { "datasharing:assumeRoleArn": "deployer" }),
            key: "datasharing:assumeRoleArn",
            message: /must be an IAM role ARN/,
        },
        {
            name: "aws:region against the topology",
            run: () => load("producer", { "aws:region": "us-east-1" }),
            key: "aws:region",
            message: /topology puts this account in eu-west-1/,
        },
        {
            name: "misspelt stack setting",
            run: () => load("producer", { "datasharing:protectStatefulResource": "false" }),
            key: "datasharing:protectStatefulResource",
            message: /did you mean "protectStatefulResources"/,
        },
        {
            name: "non-boolean protection switch",
            run: () => load("producer", { "datasharing:protectStatefulResources": "maybe" }),
            key: "datasharing:protectStatefulResources",
            message: /must be true or false/,
        },
        {
            name: "literal outputs of the wrong account",
            run: () => load("governance", { "datasharing:references": JSON.stringify({ producer: literalProducer("999999999999") }) }),
            key: "datasharing:references.producer.accountId",
            message: /topology's producer account is 111111111111/,
        },
        {
            name: "literal outputs of a stack not read",
            run: () => load("external", { "datasharing:references": JSON.stringify({ producer: literalProducer("111111111111") }) }),
            key: "datasharing:references.producer",
            message: /does not read the producer stack/,
        },
        {
            name: "literal outputs missing a field",
            run: () => load("governance", { "datasharing:references": JSON.stringify({ producer: { accountId: "111111111111", region: "eu-west-1" } }) }),
            key: "datasharing:references.producer.publishedBucketName",
            message: /is required/,
        },
        {
            name: "a stack file moving the clock",
            run: () => load("governance", { "datasharing:accessAsOf": "2025-01-01" }),
            key: "datasharing:accessAsOf",
            message: /not a stack setting: every deploy evaluates access end dates at the real time.*npm run plan -- --as-of/,
        },
        {
            name: "a misspelt namespace",
            run: () => load("producer", { "datasharng:warehouse": "{}" }),
            key: "datasharng:warehouse",
            message: /unknown namespace "datasharng" \(did you mean "datasharing:warehouse"\?\)/,
        },
        {
            name: "a misspelt topology key",
            run: () => load("producer", { "datasharing:topolgy": "{}" }),
            key: "datasharing:topolgy",
            message: /did you mean "datasharing:topology"/,
        },
    ];
    for (const c of CASES) {
        it(`rejects ${c.name}, naming ${c.key}`, () => {
            const p = problem(c.run, c.key);
            assert.equal(p.key, c.key);
            assert.match(p.message, c.message);
        });
    }

    it("rejects a governance stack when the topology declares no governance account", () => {
        const topology = topologyWith((t) => {
            delete t.accounts.governance;
            t.patterns.enabled = t.patterns.enabled.filter((p: string) => p !== "lake-formation-central");
            t.consumers = t.consumers.filter((c: any) => !c.patterns.includes("lake-formation-central"));
        });
        const p = problem(() => load("governance", {}, topology));
        assert.match(p.message, /accounts\.governance is not declared/);
    });

    it("reads the clock once, and no setting moves it", () => {
        let reads = 0;
        const ctx = loadStackContext({ config: sampleStackConfig("producer"), project: "p", stackName: "producer", now: () => (reads++, NOW) }, PATTERNS);
        assert.equal(reads, 1);
        assert.equal(ctx.asOf, NOW);
    });

    it("defaults to protecting stateful resources, and lets a stack switch it off", () => {
        assert.equal(load("producer").settings.protectStatefulResources, true);
        assert.equal(load("producer", { "datasharing:protectStatefulResources": "false" }).settings.protectStatefulResources, false);
    });
});
