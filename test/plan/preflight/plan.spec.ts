import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { PREFLIGHT_RULES } from "../../../plan/preflight";
import { PREFLIGHT_DOCS, renderPreflightDocs, renderPreflightFindings } from "../../../plan/preflight/docs";
import { PROJECT_DIR } from "../../support/sample";

describe("preflight in the plan", () => {
    it("lists every rule, with its source, in the committed docs page (npm run plan -- --docs refreshes it)", () => {
        const committed = fs.readFileSync(path.join(PROJECT_DIR, "docs", PREFLIGHT_DOCS), "utf8");
        assert.equal(committed, renderPreflightDocs(PREFLIGHT_RULES));
        for (const rule of PREFLIGHT_RULES) assert.ok(rule.source.url.startsWith("https://docs.aws.amazon.com/"), `${rule.id} cites AWS's documentation`);
        assert.equal(new Set(PREFLIGHT_RULES.map((r) => r.id)).size, PREFLIGHT_RULES.length, "rule ids are unique");
    });

    it("prints one line per violation: stack, resource, message, rule and source", () => {
        const lines = renderPreflightFindings(3, [
            {
                stack: "external",
                resource: "aws:kms/key:Key k",
                message: "names x as Principal",
                rule: "principal-exists",
                source: "https://docs.aws.amazon.com/x",
            },
        ]);
        assert.deepEqual(lines, [
            "Preflight: 3 rules, 1 error",
            "  - external: aws:kms/key:Key k: names x as Principal [principal-exists; https://docs.aws.amazon.com/x]",
        ]);
    });
});
