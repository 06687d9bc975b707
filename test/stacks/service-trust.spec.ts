import { strict as assert } from "assert";
import { SERVICE_TRUST, serviceTrustFacts } from "../../core/policy/trust";
import { CapturedResource } from "../../plan/mock-aws";
import { evaluateTopology } from "../../plan/evaluate";
import { TopologyEvaluation } from "../../plan/evaluation";
import { decide } from "../support/iam";
import { PROJECT_DIR } from "../support/sample";

const OTHER = "999999999999";

interface ServiceTrust {
    readonly stack: string;
    readonly role: CapturedResource;
    readonly service: string;
    readonly trust: { Statement: { Principal?: { Service?: string | string[] }; Condition?: Record<string, Record<string, string | string[]>> }[] };
}

/** Every role of every stack that an AWS service may assume, once per service. */
function serviceTrusts(evaluation: TopologyEvaluation): ServiceTrust[] {
    return evaluation.stacks.flatMap((s) =>
        s.resources
            .filter((r) => r.type === "aws:iam/role:Role")
            .flatMap((role) => {
                const trust = JSON.parse(role.inputs.assumeRolePolicy);
                const services = new Set<string>(
                    trust.Statement.flatMap((st: ServiceTrust["trust"]["Statement"][number]) => [st.Principal?.Service ?? []].flat()),
                );
                return [...services].map((service) => ({ stack: s.stack, role, service, trust }));
            }),
    );
}

/** The trust's own aws:SourceArn pattern, made concrete and moved to `account`: a source of that account. */
function sourceArnIn(t: ServiceTrust, account: string): string {
    const pattern = t.trust.Statement.flatMap((st) => Object.values(st.Condition ?? {}).flatMap((block) => [block["aws:SourceArn"] ?? []].flat()))[0];
    assert.ok(pattern, `${t.stack}: role ${t.role.name} trusts ${t.service} without an aws:SourceArn`);
    return pattern.replace(/\*/g, "x").replace(/^(arn:[^:]*:[^:]*:[^:]*:)\d{12}:/, `$1${account}:`);
}

/**
 * Each service role the program deploys, as its stack registers it: the service may assume it
 * on behalf of the role's own account, not of another (where the service sends the source),
 * and no trust conditions on a key the service does not document sending (the role would be
 * unassumable at run time).
 */
describe("service roles of every stack: assumable by their service for their own account only", () => {
    let trusts: ServiceTrust[];
    before(async () => {
        const evaluation = await evaluateTopology(PROJECT_DIR, { accessAsOf: "2026-11-22T00:00:00Z", stackTraceLimit: 0 });
        for (const s of evaluation.stacks) assert.deepEqual(s.errors, [], `${s.stack}: ${s.errors.join("; ")}`);
        trusts = serviceTrusts(evaluation);
    });

    // API Gateway's logging role is built only with partnerApi.apiGatewayAccountRole: manage, which the sample leaves off.
    it("finds the roles of Lambda, Glue, Lake Formation, EventBridge Scheduler and S3 replication (precondition)", () => {
        const services = new Set(trusts.map((t) => t.service));
        for (const service of ["lambda.amazonaws.com", "glue.amazonaws.com", "lakeformation.amazonaws.com", "scheduler.amazonaws.com", "s3.amazonaws.com"]) {
            assert.ok(services.has(service), `no role trusts ${service}`);
        }
    });

    it("trusts only services whose source keys the registry records", () => {
        const unknown = trusts.filter((t) => serviceTrustFacts(t.service) === undefined).map((t) => `${t.stack}: ${t.role.name} trusts ${t.service}`);
        assert.deepEqual(unknown, [], `add them to policy/lib/service-trust.ts: ${Object.keys(SERVICE_TRUST).join(", ")} are known`);
    });

    it("lets each service assume its roles with the role's own account as source, and not with another account's", async () => {
        const wrong: string[] = [];
        assert.ok(trusts.length > 0, "no service role found to check");
        for (const t of trusts) {
            const keys = serviceTrustFacts(t.service)?.conditions ?? [];
            const asIf = (account: string) => ({
                ...(keys.includes("aws:SourceAccount") ? { "aws:SourceAccount": account } : {}),
                ...(keys.includes("aws:SourceArn") ? { "aws:SourceArn": sourceArnIn(t, account) } : {}),
            });
            const assume = (context: Record<string, string>) =>
                decide({
                    principal: t.service,
                    action: "sts:AssumeRole",
                    resource: t.role.state.arn,
                    resourceAccount: t.role.accountId,
                    resourcePolicy: t.trust,
                    context,
                });
            const at = `${t.stack}: ${t.role.name} (${t.service})`;
            if ((await assume(asIf(t.role.accountId))) !== "Allowed") wrong.push(`${at}: its own account cannot use it`);
            if (keys.length > 0 && (await assume(asIf(OTHER))) !== "ImplicitlyDenied")
                wrong.push(`${at}: another account's ${keys.join(" and ")} can use it (confused deputy)`);
        }
        assert.deepEqual(wrong, []);
    });

    it("pins every Lambda execution role to its own account", () => {
        const lambda = trusts.filter((t) => t.service === "lambda.amazonaws.com");
        assert.ok(lambda.length >= 3, `${lambda.length} function roles`);
        for (const t of lambda) {
            assert.deepEqual(
                t.trust.Statement.map((st) => st.Condition),
                [{ StringEquals: { "aws:SourceAccount": t.role.accountId } }],
                `${t.stack}: ${t.role.name}`,
            );
        }
    });
});
