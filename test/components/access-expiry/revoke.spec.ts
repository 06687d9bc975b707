import { BatchRevokePermissionsCommand, LakeFormationClient, ListPermissionsCommand } from "@aws-sdk/client-lakeformation";
import type { BatchPermissionsRequestEntry, ListPermissionsCommandInput, PrincipalResourcePermissions } from "@aws-sdk/client-lakeformation";
import { DeauthorizeDataShareCommand, InvalidDataShareFault, RedshiftClient } from "@aws-sdk/client-redshift";
import { strict as assert } from "assert";
import { mockClient } from "aws-sdk-client-mock";
import { ExpiryDeps, ExpiryEvent, revokeConsumer } from "../../../components/access-expiry/handlers/revoke";

const AUDITOR = "444444444444";
const ANALYST = `arn:aws:iam::${AUDITOR}:role/auditor-analyst`;
const SUPPLIER = "555555555555";
const DATASHARE = "arn:aws:redshift:eu-west-1:333333333333:datashare:ns/transaction_logs";

const grant = (
    principal: string,
    resource: PrincipalResourcePermissions["Resource"],
    permissions: string[] = ["SELECT", "DESCRIBE"],
): PrincipalResourcePermissions =>
    ({
        Principal: { DataLakePrincipalIdentifier: principal },
        Resource: resource,
        Permissions: permissions,
        PermissionsWithGrantOption: permissions,
    }) as PrincipalResourcePermissions;

/**
 * A catalog's permissions as Lake Formation lists them: by resource type, in pages of two,
 * and gone once revoked.
 */
class FakeCatalog {
    private failuresLeft: number;

    /** @param concurrentFailures revocations refused with ConcurrentModificationException first */
    constructor(
        public grants: { type?: string; grant: PrincipalResourcePermissions }[],
        concurrentFailures = 0,
    ) {
        this.failuresLeft = concurrentFailures;
    }

    list(input: ListPermissionsCommandInput) {
        const matching = this.grants
            .filter((g) => (input.ResourceType === undefined ? g.type === undefined : g.type === input.ResourceType))
            .map((g) => g.grant);
        const start = Number(input.NextToken ?? 0);
        return { PrincipalResourcePermissions: matching.slice(start, start + 2), NextToken: start + 2 < matching.length ? String(start + 2) : undefined };
    }

    revoke(entries: BatchPermissionsRequestEntry[]) {
        if (this.failuresLeft-- > 0) throw Object.assign(new Error("Concurrent modification"), { name: "ConcurrentModificationException" });
        const gone = new Set(entries.map((e) => JSON.stringify([e.Principal, e.Resource])));
        this.grants = this.grants.filter((g) => !gone.has(JSON.stringify([g.grant.Principal, g.grant.Resource])));
        return { Failures: [] };
    }
}

describe("access expiry: revoking a consumer's grants on its end date", () => {
    const lf = mockClient(LakeFormationClient);
    const rs = mockClient(RedshiftClient);
    const logged: string[] = [];
    const deps = (): ExpiryDeps => ({
        lakeFormation: new LakeFormationClient({ region: "eu-west-1" }),
        redshift: new RedshiftClient({ region: "eu-west-1" }),
        log: (level, event, fields) => logged.push(`${level} ${event} ${JSON.stringify(fields)}`),
        retryDelayMs: 0,
    });
    const event: ExpiryEvent = { consumer: "auditor", accountId: AUDITOR, principals: [ANALYST], datashareArns: [DATASHARE] };

    function serve(catalog: FakeCatalog) {
        lf.on(ListPermissionsCommand).callsFake((input) => catalog.list(input));
        lf.on(BatchRevokePermissionsCommand).callsFake((input) => catalog.revoke(input.Entries));
    }

    beforeEach(() => {
        lf.reset();
        rs.reset();
        logged.length = 0;
    });

    it("revokes every grant the consumer's account and principals hold, across pages and resource types, and nobody else's", async () => {
        const catalog = new FakeCatalog([
            { grant: grant(AUDITOR, { Database: { Name: "sales_insights" } }, ["DESCRIBE"]) },
            { grant: grant(SUPPLIER, { Database: { Name: "sales_insights" } }, ["DESCRIBE"]) },
            { grant: grant(ANALYST, { Table: { DatabaseName: "sales_insights", Name: "customers" } }) },
            {
                type: "LF_TAG_POLICY_TABLE",
                grant: grant(AUDITOR, { LFTagPolicy: { ResourceType: "TABLE", Expression: [{ TagKey: "data_product", TagValues: ["sales_insights"] }] } }),
            },
            { type: "LF_TAG", grant: grant(AUDITOR, { LFTag: { TagKey: "visibility", TagValues: ["shared"] } }, ["DESCRIBE"]) },
            {
                type: "LF_TAG_POLICY_TABLE",
                grant: grant(SUPPLIER, { LFTagPolicy: { ResourceType: "TABLE", Expression: [{ TagKey: "data_product", TagValues: ["sales_insights"] }] } }),
            },
        ]);
        serve(catalog);
        rs.on(DeauthorizeDataShareCommand).resolves({});
        const summary = await revokeConsumer(event, deps());
        assert.deepEqual(summary, { revoked: 4, deauthorized: 1, remaining: 0 });
        assert.deepEqual(
            catalog.grants.map((g) => g.grant.Principal?.DataLakePrincipalIdentifier),
            [SUPPLIER, SUPPLIER],
            "the supplier keeps its grants",
        );
        assert.deepEqual(
            rs.commandCalls(DeauthorizeDataShareCommand).map((c) => c.args[0].input),
            [{ DataShareArn: DATASHARE, ConsumerIdentifier: AUDITOR }],
        );
    });

    it("revokes the grant options with the permissions, so nothing the consumer passed on survives", async () => {
        const catalog = new FakeCatalog([{ grant: grant(AUDITOR, { Database: { Name: "db" } }, ["DESCRIBE"]) }]);
        serve(catalog);
        await revokeConsumer({ ...event, datashareArns: [] }, deps());
        const sent = lf.commandCalls(BatchRevokePermissionsCommand)[0].args[0].input.Entries![0];
        assert.deepEqual([sent.Permissions, sent.PermissionsWithGrantOption], [["DESCRIBE"], ["DESCRIBE"]]);
    });

    it("retries a revocation Lake Formation refused because another change was in flight", async () => {
        serve(new FakeCatalog([{ grant: grant(AUDITOR, { Database: { Name: "db" } }) }], 2));
        const summary = await revokeConsumer({ ...event, datashareArns: [] }, deps());
        assert.equal(summary.remaining, 0);
        assert.equal(logged.filter((l) => l.startsWith("warn revoke-retried")).length, 2);
    });

    it("accepts a datashare whose authorization is already gone, and fails on any other Redshift error", async () => {
        serve(new FakeCatalog([]));
        rs.on(DeauthorizeDataShareCommand).rejectsOnce(
            new InvalidDataShareFault({ message: "You can't deauthorize because you have already removed authorization from the data share.", $metadata: {} }),
        );
        assert.equal((await revokeConsumer(event, deps())).deauthorized, 1);
        rs.reset();
        rs.on(DeauthorizeDataShareCommand).rejects(Object.assign(new Error("Rate exceeded"), { name: "ThrottlingException" }));
        await assert.rejects(revokeConsumer(event, deps()), /Rate exceeded/);
    });

    it("fails, so the schedule retries, when a grant is still listed after the revocation", async () => {
        const stubborn = new FakeCatalog([{ grant: grant(AUDITOR, { Database: { Name: "db" } }) }]);
        lf.on(ListPermissionsCommand).callsFake((input) => stubborn.list(input));
        lf.on(BatchRevokePermissionsCommand).resolves({ Failures: [{ RequestEntry: { Id: "0" }, Error: { ErrorMessage: "denied" } }] });
        await assert.rejects(revokeConsumer({ ...event, datashareArns: [] }, deps()), /1 Lake Formation permissions of consumer auditor are still granted/);
        assert.ok(logged.some((l) => l.startsWith("error revoke-failed")));
    });

    it("refuses an event that does not name a consumer account", async () => {
        await assert.rejects(revokeConsumer({ ...event, accountId: "auditor" }, deps()), /12-digit accountId/);
    });
});
