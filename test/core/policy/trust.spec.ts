import { strict as assert } from "assert";
import { SERVICE_TRUST, TrustedService, serviceTrustPolicy } from "../../../core/policy/trust";
import { decide } from "../../support/iam";

const ACCOUNT = "111111111111";
const OTHER = "999999999999";
const ROLE = `arn:aws:iam::${ACCOUNT}:role/datasharing-some-role`;
const GROUP = (account: string, group = "datasharing-expiry") => `arn:aws:scheduler:eu-west-1:${account}:schedule-group/${group}`;

/** May `service` assume the role under `trust`, asking with these source keys? */
const assume = (trust: object, service: string, context?: Record<string, string>) =>
    decide({ principal: service, action: "sts:AssumeRole", resource: ROLE, resourceAccount: ACCOUNT, resourcePolicy: trust, context });

describe("serviceTrustPolicy: a service assumes the role only for this account's sources, where it says whose they are", () => {
    it("lets Lambda assume the role for this account's functions, not for another account's (confused deputy)", async () => {
        const trust = serviceTrustPolicy("lambda.amazonaws.com", { account: ACCOUNT });
        assert.equal(await assume(trust, "lambda.amazonaws.com", { "aws:SourceAccount": ACCOUNT }), "Allowed");
        assert.equal(await assume(trust, "lambda.amazonaws.com", { "aws:SourceAccount": OTHER }), "ImplicitlyDenied");
        assert.equal(await assume(trust, "lambda.amazonaws.com"), "ImplicitlyDenied", "a request that names no source account");
        assert.equal(await assume(trust, "glue.amazonaws.com", { "aws:SourceAccount": ACCOUNT }), "ImplicitlyDenied", "another service");
    });

    it("lets Scheduler assume the role for one schedule group of this account only", async () => {
        const trust = serviceTrustPolicy("scheduler.amazonaws.com", { account: ACCOUNT, sourceArn: GROUP(ACCOUNT) });
        assert.equal(await assume(trust, "scheduler.amazonaws.com", { "aws:SourceAccount": ACCOUNT, "aws:SourceArn": GROUP(ACCOUNT) }), "Allowed");
        assert.equal(await assume(trust, "scheduler.amazonaws.com", { "aws:SourceAccount": OTHER, "aws:SourceArn": GROUP(OTHER) }), "ImplicitlyDenied");
        assert.equal(
            await assume(trust, "scheduler.amazonaws.com", { "aws:SourceAccount": ACCOUNT, "aws:SourceArn": GROUP(ACCOUNT, "default") }),
            "ImplicitlyDenied",
            "another group",
        );
    });

    // No condition on a key the service does not document sending: it would make the role unassumable.
    for (const service of ["glue.amazonaws.com", "lakeformation.amazonaws.com", "apigateway.amazonaws.com", "s3.amazonaws.com"] as const) {
        it(`lets ${service}, which documents no source key, assume the role with none, and no other service`, async () => {
            const trust = serviceTrustPolicy(service, { account: ACCOUNT });
            assert.equal(await assume(trust, service), "Allowed");
            assert.equal(await assume(trust, "ec2.amazonaws.com"), "ImplicitlyDenied");
        });
    }

    it("conditions every trust on exactly the keys the registry lists", () => {
        for (const service of Object.keys(SERVICE_TRUST) as TrustedService[]) {
            const source = { account: ACCOUNT, sourceArn: GROUP(ACCOUNT) } as Parameters<typeof serviceTrustPolicy>[1];
            const [statement] = serviceTrustPolicy(service, source).Statement as { Condition?: Record<string, Record<string, string>> }[];
            const keys = Object.values(statement.Condition ?? {}).flatMap((block) => Object.keys(block));
            assert.deepEqual(keys.sort(), [...SERVICE_TRUST[service].conditions].sort(), service);
        }
    });

    it("refuses a malformed account, and a service that sends aws:SourceArn without the source", () => {
        assert.throws(() => serviceTrustPolicy("lambda.amazonaws.com", { account: "1111" }), /"1111" is not a 12-digit AWS account id/);
        assert.throws(
            () => serviceTrustPolicy("scheduler.amazonaws.com", { account: ACCOUNT } as never),
            /sends aws:SourceArn; give the source resource's ARN/,
        );
    });
});

describe("the service trust registry", () => {
    it("cites an AWS documentation page for every service, and says what aws:SourceArn holds where it is required", () => {
        for (const [service, facts] of Object.entries(SERVICE_TRUST)) {
            assert.match(facts.source.url, /^https:\/\/docs\.aws\.amazon\.com\//, service);
            assert.ok(facts.why.length > 40, `${service}: say why`);
            assert.equal(
                "sourceArn" in facts,
                (facts.conditions as readonly string[]).includes("aws:SourceArn"),
                `${service}: sourceArn described iff required`,
            );
        }
    });
});
