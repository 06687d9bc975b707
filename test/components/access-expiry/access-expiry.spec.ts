import { strict as assert } from "assert";
import { AccessExpiry, atExpression } from "../../../components/access-expiry";
import { AccountNames } from "../../../core/naming";
import { evaluateTopology } from "../../../plan/evaluate";
import { TopologyEvaluation } from "../../../plan/evaluation";
import { CapturedResource } from "../../../plan/mock-aws";
import { decide } from "../../support/iam";
import { runProgram } from "../../support/run-stack";
import { PROJECT_DIR } from "../../support/sample";

const GOVERNANCE = "222222222222";
const AUDITOR = "444444444444";
const DATASHARE = "arn:aws:redshift:eu-west-1:222222222222:datashare:ns/transaction_logs";
const SCHEDULE = "aws:scheduler/schedule:Schedule";

describe("access expiry: one schedule per ending consumer, in the account that granted", () => {
    const names = new AccountNames("datasharing", { accountId: GOVERNANCE, region: "eu-west-1" });
    const endsAt = new Date("2028-01-01T00:00:00Z");
    let resources: CapturedResource[];
    before(async () => {
        const run = await runProgram(
            () =>
                new AccessExpiry("access-expiry", {
                    names,
                    protect: true,
                    consumers: [
                        {
                            name: "auditor",
                            accountId: AUDITOR,
                            principals: [`arn:aws:iam::${AUDITOR}:role/auditor-analyst`],
                            datashareArns: [DATASHARE],
                            endsAt,
                        },
                    ],
                }),
            { accountId: GOVERNANCE, region: "eu-west-1" },
        );
        assert.deepEqual(run.errors, []);
        resources = run.resources;
    });
    const one = (type: string, name?: string) => resources.filter((r) => r.type === type && (name === undefined || r.name === name));

    it("fires once, at the end instant in UTC, with the consumer's account, principals and datashares", () => {
        const [schedule] = one(SCHEDULE);
        assert.equal(schedule.inputs.scheduleExpression, "at(2028-01-01T00:00:00)");
        assert.equal(schedule.inputs.scheduleExpressionTimezone, "UTC");
        assert.deepEqual(JSON.parse(schedule.inputs.target.input), {
            consumer: "auditor",
            accountId: AUDITOR,
            principals: [`arn:aws:iam::${AUDITOR}:role/auditor-analyst`],
            datashareArns: [DATASHARE],
        });
        assert.ok(schedule.inputs.target.retryPolicy.maximumRetryAttempts > 0, "a failed run is retried");
        assert.equal(atExpression(new Date("2027-06-30T15:30:05.120Z")), "at(2027-06-30T15:30:05)");
    });

    it("lets only this account's scheduler assume the invoking role, and that role only invoke the function", async () => {
        const role = one("aws:iam/role:Role", "access-expiry-scheduler")[0];
        const trust = JSON.parse(role.inputs.assumeRolePolicy);
        const group = (account: string) => `arn:aws:scheduler:eu-west-1:${account}:schedule-group/default`;
        const assume = (sourceAccount: string, sourceArn = group(sourceAccount)) =>
            decide({
                principal: "scheduler.amazonaws.com",
                action: "sts:AssumeRole",
                resource: role.state.arn,
                resourceAccount: GOVERNANCE,
                resourcePolicy: trust,
                context: { "aws:SourceAccount": sourceAccount, "aws:SourceArn": sourceArn },
            });
        assert.equal(await assume(GOVERNANCE), "Allowed");
        assert.equal(await assume("999999999999"), "ImplicitlyDenied");
        assert.equal(await assume(GOVERNANCE, `arn:aws:scheduler:eu-west-1:${GOVERNANCE}:schedule-group/someone-elses`), "ImplicitlyDenied");
        const invoke = JSON.parse(one("aws:iam/rolePolicy:RolePolicy", "access-expiry-scheduler")[0].inputs.policy);
        const fn = one("aws:lambda/function:Function")[0].state.arn;
        const may = (action: string, resource: string) =>
            decide({ principal: role.state.arn, action, resource, resourceAccount: GOVERNANCE, identityPolicies: [invoke] });
        assert.equal(await may("lambda:InvokeFunction", fn), "Allowed");
        assert.equal(await may("lambda:InvokeFunction", fn.replace("access-expiry", "other")), "ImplicitlyDenied");
    });

    it("lets the function revoke Lake Formation permissions and deauthorize exactly the given datashares, and grant nothing", async () => {
        const policy = JSON.parse(one("aws:iam/rolePolicy:RolePolicy", "access-expiry-grants")[0].inputs.policy);
        const fnRole = one("aws:iam/role:Role", "access-expiry")[0].state.arn;
        const may = (action: string, resource = "*") =>
            decide({ principal: fnRole, action, resource, resourceAccount: GOVERNANCE, identityPolicies: [policy] });
        assert.equal(await may("lakeformation:BatchRevokePermissions"), "Allowed");
        assert.equal(await may("lakeformation:ListPermissions"), "Allowed");
        assert.equal(await may("redshift:DeauthorizeDataShare", DATASHARE), "Allowed");
        assert.equal(await may("redshift:DeauthorizeDataShare", DATASHARE.replace("transaction_logs", "inventory_levels")), "ImplicitlyDenied");
        for (const action of [
            "lakeformation:GrantPermissions",
            "lakeformation:BatchGrantPermissions",
            "lakeformation:PutDataLakeSettings",
            "redshift:AuthorizeDataShare",
        ]) {
            assert.equal(await may(action, action.startsWith("redshift") ? DATASHARE : "*"), "ImplicitlyDenied", action);
        }
    });
});

describe("access expiry across the sample's stacks", () => {
    let evaluation: TopologyEvaluation;
    before(async () => {
        evaluation = await evaluateTopology(PROJECT_DIR, { accessAsOf: "2026-11-22T00:00:00Z", stackTraceLimit: 0 });
        for (const s of evaluation.stacks) assert.deepEqual(s.errors, [], s.stack);
    });
    const stack = (name: string) => evaluation.stacks.find((s) => s.stack === name)!;
    const schedules = (name: string) =>
        stack(name)
            .resources.filter((r) => r.type === SCHEDULE)
            .map((r) => ({ at: r.inputs.scheduleExpression, ...JSON.parse(r.inputs.target.input) }));

    it("ends the auditor's governance grants at the end of 2027-12-31, and makes the revoker a Lake Formation admin there", () => {
        assert.deepEqual(schedules("governance"), [
            { at: "at(2028-01-01T00:00:00)", consumer: "auditor", accountId: AUDITOR, principals: [], datashareArns: [] },
        ]);
        const role = stack("governance").resources.find((r) => r.type === "aws:iam/role:Role" && r.name === "access-expiry")!.state.arn;
        const settings = stack("governance").resources.find((r) => r.type === "aws:lakeformation/dataLakeSettings:DataLakeSettings")!;
        assert.ok(settings.inputs.admins.includes(role), JSON.stringify(settings.inputs.admins));
    });

    it("deauthorizes the auditor's option B datashare in the external account, the one the external stack exports", () => {
        const exported = (stack("external").outputs as any).datashares.transaction_logs.arn;
        assert.deepEqual(schedules("external"), [
            { at: "at(2028-01-01T00:00:00)", consumer: "auditor", accountId: AUDITOR, principals: [], datashareArns: [exported] },
        ]);
    });

    it("schedules nothing for a consumer without an end date, nor for one whose access has already ended", () => {
        const all = evaluation.stacks.flatMap((s) => schedules(s.stack));
        assert.equal(all.length, 2, "the auditor's, in governance and in the external account");
        assert.ok(
            all.every((s) => s.consumer === "auditor"),
            JSON.stringify(all),
        );
        assert.deepEqual(schedules("producer"), [], "the supplier's option A datashare has no end date");
    });
});
