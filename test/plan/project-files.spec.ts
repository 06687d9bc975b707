import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { ConfigError } from "../../core/config-error";
import { parseStackSettings } from "../../core/stack/settings";
import { readProject, stackConfig } from "../../plan/project-files";
import { PATTERNS } from "../../patterns/index";

describe("project files as the plan reads them", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "project-files-"));
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: datasharing\nruntime: nodejs\n");

    it("keeps YAML's .inf visible instead of turning it into a missing value", () => {
        fs.writeFileSync(path.join(dir, "Pulumi.producer.yaml"), "config:\n  datasharing:lake:\n    sampleCustomers: .inf\n");
        const { config } = stackConfig(readProject(dir), "producer");
        assert.throws(
            () => parseStackSettings(config, PATTERNS.settings),
            (err: unknown) =>
                err instanceof ConfigError && err.problems.some((p) => p.key === "datasharing:lake.sampleCustomers" && /got string "\.inf"/.test(p.message)),
        );
    });

    it("applies YAML merge keys, as the Pulumi CLI does", () => {
        fs.writeFileSync(
            path.join(dir, "Pulumi.external.yaml"),
            "x-defaults: &defaults\n  kind: provisioned\nconfig:\n  datasharing:warehouse:\n    <<: *defaults\n    nodes: 2\n",
        );
        const { config } = stackConfig(readProject(dir), "external");
        assert.deepEqual(JSON.parse(config["datasharing:warehouse"]), { kind: "provisioned", nodes: 2 });
    });
});
