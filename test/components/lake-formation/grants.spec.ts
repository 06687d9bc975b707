import { strict as assert } from "assert";
import * as pulumi from "@pulumi/pulumi";
import { LakeFormationGrants, LakeGrant } from "../../../components/lake-formation/grants";
import { runProgram } from "../../support/run-stack";

describe("LakeFormationGrants", () => {
    const customers = (id: string, permissions: LakeGrant["permissions"], principal: pulumi.Input<string> = "222222222222"): LakeGrant => ({
        id,
        principal,
        target: { kind: "columns", database: "db1", table: "customers", excludedColumns: ["email"] },
        permissions,
        grantable: true,
    });
    const build = (grants: LakeGrant[]) => runProgram(() => (new LakeFormationGrants("grants", { grants }), {}));

    it("applies the grants one after another, each with its grant option", async () => {
        const run = await build([customers("a", ["SELECT"]), { ...customers("b", ["DESCRIBE"]), grantable: false }]);
        const [a, b] = run.ofType("aws:lakeformation/permissions:Permissions");
        assert.deepEqual([a.inputs.permissionsWithGrantOptions, b.inputs.permissionsWithGrantOptions], [["SELECT"], []]);
        assert.ok(
            b.options.dependencies.some((urn) => urn.endsWith(`::${a.name}`)),
            "the second grant waits for the first",
        );
    });

    it("revokes a changed grant before granting its replacement, so an overlap is never revoked after the new grant", async () => {
        const run = await build([customers("a", ["SELECT"]), customers("b", ["DESCRIBE"], "333333333333")]);
        for (const p of run.ofType("aws:lakeformation/permissions:Permissions")) assert.equal(p.options.deleteBeforeReplace, true, p.name);
    });

    it("refuses two grants of one permission to one principal on one resource, since deleting either revokes the other's", async () => {
        const run = await build([customers("for-auditor", ["SELECT", "DESCRIBE"]), customers("for-supplier", ["DESCRIBE"])]);
        assert.match(
            run.errors.join("\n"),
            /grants for-auditor and for-supplier in grants both give 222222222222 DESCRIBE on the same resource: deleting either would revoke what the other still claims/,
        );
        assert.equal(run.ofType("aws:lakeformation/permissions:Permissions").length, 0);
    });

    it("lets the same resource be granted to another principal, or other permissions to the same one", async () => {
        const run = await build([customers("select", ["SELECT"]), customers("describe", ["DESCRIBE"]), customers("other", ["SELECT"], "333333333333")]);
        assert.deepEqual(run.errors, []);
        assert.equal(run.ofType("aws:lakeformation/permissions:Permissions").length, 3);
    });

    it("excludes columns with the column wildcard, and grants a plain table when nothing is excluded", async () => {
        const run = await build([
            {
                id: "some",
                principal: "arn:aws:iam::111111111111:user/a",
                target: { kind: "columns", database: "db1", table: "customers", excludedColumns: ["email"] },
                permissions: ["SELECT"],
                grantable: false,
            },
            {
                id: "none",
                principal: "arn:aws:iam::111111111111:user/b",
                target: { kind: "columns", database: "db1", table: "customers", excludedColumns: [] },
                permissions: ["SELECT"],
                grantable: false,
            },
        ]);
        const [some, none] = run.ofType("aws:lakeformation/permissions:Permissions");
        assert.deepEqual(some.inputs.tableWithColumns, { databaseName: "db1", name: "customers", wildcard: true, excludedColumnNames: ["email"] });
        assert.deepEqual([none.inputs.table, none.inputs.tableWithColumns], [{ databaseName: "db1", name: "customers" }, undefined]);
    });

    it("shares named columns by inclusion, and refuses an empty list before registering anything", async () => {
        const named = (columns: string[]): LakeGrant => ({
            id: "named",
            principal: "444444444444",
            target: { kind: "named-columns", database: "d", table: "t", columns },
            permissions: ["SELECT"],
            grantable: true,
        });
        const run = await build([named(["customer_id", "age"])]);
        assert.deepEqual(run.one("aws:lakeformation/permissions:Permissions").inputs.tableWithColumns, {
            databaseName: "d",
            name: "t",
            columnNames: ["customer_id", "age"],
        });
        const empty = await build([named([])]);
        assert.match(empty.errors.join("\n"), /grant named in grants names no column/);
        assert.equal(empty.ofType("aws:lakeformation/permissions:Permissions").length, 0);
    });
});
