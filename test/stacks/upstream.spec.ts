import { strict as assert } from "assert";
import { runStack } from "../support/run-stack";
import { literalProducer } from "../support/contracts";

const PRODUCER = "acme-data/datasharing/producer";

describe("reading upstream stacks", () => {
    it("fails naming the stack and the output when an output is missing", async () => {
        const { publishedKeyArn: _dropped, ...incomplete } = literalProducer("111111111111");
        const run = await runStack("governance", { upstream: new Map([[PRODUCER, incomplete]]) });
        assert.equal(run.outputs, undefined);
        assert.deepEqual(run.errors, [
            `stack ${PRODUCER} has no output "publishedKeyArn": deploy the producer stack first (order: external, producer, governance, consumers), or give the values as datasharing:references.producer`,
        ]);
    });

    it("reports a reference to a stack that was never deployed", async () => {
        const run = await runStack("governance", { upstream: new Map() });
        assert.deepEqual(run.references, [{ stack: PRODUCER, resolved: false }]);
        assert.equal(run.errors.length, 1, "one clear error, not one per output");
        assert.match(run.errors[0], /has no output "accountId", "region", "publishedBucketName"/);
    });

    it("refuses a stack that deployed into another account than the topology says", async () => {
        const run = await runStack("governance", { upstream: new Map([[PRODUCER, literalProducer("999999999999")]]) });
        assert.ok(
            run.errors.some((e) => e.includes("deployed into account 999999999999") && e.includes("topology's producer account is 111111111111")),
            run.errors.join("\n"),
        );
    });

    it("checks each output against the contract", async () => {
        const run = await runStack("governance", { upstream: new Map([[PRODUCER, { ...literalProducer("111111111111"), publishedKeyArn: "not-an-arn" }]]) });
        assert.ok(
            run.errors.some((e) => e.includes(`output "publishedKeyArn" of stack ${PRODUCER} must be an ARN`)),
            run.errors.join("\n"),
        );
    });

    it("uses literal values instead of a reference when the reader cannot see the other state", async () => {
        const run = await runStack("governance", { config: { "datasharing:references": JSON.stringify({ producer: literalProducer("111111111111") }) } });
        assert.deepEqual(run.errors, []);
        assert.deepEqual(run.references, [], "no StackReference is registered");
        assert.deepEqual(run.outputs?.upstreamStacks, { producer: "literal values (111111111111)" });
    });
});
