import { strict as assert } from "assert";
import { crossAccountGrants } from "../../plan/cross-account";
import { CapturedResource, NO_OPTIONS } from "../../plan/mock-aws";

const resource = (type: string, name: string, inputs: Record<string, unknown>): CapturedResource => ({
    type,
    name,
    inputs,
    accountId: "333333333333",
    region: "eu-west-1",
    id: name,
    state: {},
    custom: true,
    options: NO_OPTIONS,
});

describe("cross-account grants in the plan", () => {
    const keyPolicy = JSON.stringify({
        Version: "2012-10-17",
        Statement: [
            { Sid: "OwnerAccountAdministers", Effect: "Allow", Principal: { AWS: "arn:aws:iam::333333333333:root" }, Action: "kms:*", Resource: "*" },
            {
                Sid: "ReplicationEncrypts",
                Effect: "Allow",
                Principal: { AWS: ["arn:aws:iam::111111111111:role/datasharing-replication"] },
                Action: ["kms:Encrypt"],
                Resource: "*",
            },
            { Sid: "NoOneElse", Effect: "Deny", Principal: "*", Action: "kms:*", Resource: "*" },
        ],
    });
    const trust = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: "444444444444" }, Action: "sts:AssumeRole" }] };
    const bucketPolicy = JSON.stringify({
        Statement: [
            {
                Sid: "ViaAccessPoints",
                Effect: "Allow",
                Principal: "*",
                Action: "s3:GetObject",
                Resource: "*",
                Condition: { StringEquals: { "s3:DataAccessPointAccount": "333333333333" } },
            },
        ],
    });

    const resources = [
        resource("aws:kms/key:Key", "published", { policy: keyPolicy }),
        resource("aws:iam/role:Role", "reader", { assumeRolePolicy: trust }),
        resource("aws:s3/bucketPolicy:BucketPolicy", "b", { policy: bucketPolicy }),
    ];
    const grants = crossAccountGrants(resources, "333333333333");

    it("lists Allow statements to principals of other accounts, and nothing of the own account", () => {
        assert.deepEqual(
            grants.map((g) => `${g.statement}:${g.principalAccount}:${g.actions.join("+")}`),
            ["#0:444444444444:sts:AssumeRole", "ReplicationEncrypts:111111111111:kms:Encrypt", "ViaAccessPoints:*:s3:GetObject"],
        );
    });

    it("lists them by resource whatever order the resources registered in", () => {
        assert.deepEqual(crossAccountGrants([...resources].reverse(), "333333333333"), grants);
        assert.deepEqual(
            grants.map((g) => g.resource),
            ["aws:iam/role:Role reader", "aws:kms/key:Key published", "aws:s3/bucketPolicy:BucketPolicy b"],
        );
    });

    it("shows the conditions that narrow an open principal", () => {
        assert.deepEqual(grants[2].conditions, { StringEquals: { "s3:DataAccessPointAccount": "333333333333" } });
    });
});

describe("Lake Formation grants in the plan", () => {
    const permission = (name: string, inputs: Record<string, unknown>) => resource("aws:lakeformation/permissions:Permissions", name, inputs);
    const grants = crossAccountGrants(
        [
            permission("to-consumer", {
                principal: "444444444444",
                permissions: ["SELECT", "DESCRIBE"],
                permissionsWithGrantOptions: ["SELECT", "DESCRIBE"],
                lfTagPolicy: {
                    resourceType: "TABLE",
                    catalogId: "111111111111",
                    expressions: [
                        { key: "data_product", values: ["sales_insights"] },
                        { key: "visibility", values: ["shared"] },
                    ],
                },
            }),
            permission("to-own-role", {
                principal: "arn:aws:iam::333333333333:role/crawler",
                permissions: ["ALTER"],
                table: { databaseName: "db", wildcard: true },
            }),
            permission("to-partner-role", {
                principal: "arn:aws:iam::555555555555:role/reader",
                permissions: ["SELECT"],
                tableWithColumns: { databaseName: "db1", name: "customers", excludedColumnNames: ["address", "email"] },
            }),
        ],
        "333333333333",
    );

    it("lists grants to other accounts and their principals, with what they cover, and nothing of the own account", () => {
        assert.deepEqual(
            grants.map((g) => `${g.principalAccount} ${g.actions.join("+")} ${g.resource}`),
            [
                "444444444444 SELECT (grantable)+DESCRIBE (grantable) lakeformation 111111111111:TABLE where data_product in (sales_insights) and visibility in (shared)",
                "555555555555 SELECT lakeformation table db1.customers without address, email",
            ],
        );
    });
});
