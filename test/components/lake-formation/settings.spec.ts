import * as pulumi from "@pulumi/pulumi";
import { strict as assert } from "assert";
import { LakeFormationSettings, mergeAdmins } from "../../../components/lake-formation/settings";

/** An account whose Lake Formation someone already set up: an admin and settings this stack does not own. */
const EXISTING = {
    admins: ["arn:aws:iam::111111111111:role/platform-admin"],
    readOnlyAdmins: ["arn:aws:iam::111111111111:role/auditor"],
    trustedResourceOwners: ["999999999999"],
    parameters: { CROSS_ACCOUNT_VERSION: "3", SET_CONTEXT: "TRUE" },
    createDatabaseDefaultPermissions: [{ principal: "IAM_ALLOWED_PRINCIPALS", permissions: ["ALL"] }],
    allowExternalDataFiltering: false,
    externalDataFilteringAllowLists: [],
    authorizedSessionTagValueLists: [],
    allowFullTableExternalDataAccess: false,
};

describe("LakeFormationSettings", () => {
    it("keeps the admins and settings the account already has, adds the stack's, and clears the IAM-only defaults", async () => {
        const registered: { type: string; inputs: any }[] = [];
        await pulumi.runtime.setMocks(
            {
                newResource: (args) => {
                    registered.push({ type: args.type, inputs: args.inputs });
                    return { id: `${args.name}-id`, state: args.inputs };
                },
                call: (args) => (args.token === "aws:lakeformation/getDataLakeSettings:getDataLakeSettings" ? EXISTING : args.inputs),
            },
            "datasharing",
            "settings-test",
            false,
        );
        const settings = await pulumi.runtime.runInPulumiStack(async () => {
            const s = new LakeFormationSettings("lf", { admins: ["arn:aws:iam::111111111111:role/deployer"], crossAccountVersion: "4" });
            return { ready: s.ready.length };
        });
        await new Promise((resolve) => setTimeout(resolve, 200));
        const inputs = registered.find((r) => r.type === "aws:lakeformation/dataLakeSettings:DataLakeSettings")!.inputs;
        assert.deepEqual(inputs.admins, ["arn:aws:iam::111111111111:role/deployer", "arn:aws:iam::111111111111:role/platform-admin"]);
        assert.deepEqual(inputs.readOnlyAdmins, EXISTING.readOnlyAdmins);
        assert.deepEqual(inputs.trustedResourceOwners, EXISTING.trustedResourceOwners);
        assert.deepEqual(inputs.parameters, { CROSS_ACCOUNT_VERSION: "4", SET_CONTEXT: "TRUE" });
        assert.deepEqual([inputs.createDatabaseDefaultPermissions, inputs.createTableDefaultPermissions], [[], []]);
        // Without a target there is no revocation (every stack of the program gives one; lake-sharing.spec checks it).
        assert.deepEqual(settings, { ready: 1 });
    });

    it("merges admins without duplicates, the stack's first", () => {
        assert.deepEqual(mergeAdmins(["b", "a"], ["a", "c"]), ["a", "c", "b"]);
        assert.deepEqual(mergeAdmins(undefined, ["a"]), ["a"]);
    });
});
