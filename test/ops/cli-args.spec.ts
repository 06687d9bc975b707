import { strict as assert } from "assert";
import { readDeployArgs } from "../../ops/deploy/args";
import { UsageError } from "../../ops/deploy/usage-error";
import { readHandoffArgs } from "../../ops/handoff/args";
import { readVerifyArgs } from "../../ops/verify/args";

/** The arguments read, after checking the reader did not answer "help". */
function args<T>(read: T | "help"): T {
    assert.notEqual(read, "help");
    return read as T;
}

/** The operations' command lines share one reader: the same mistake gets the same words in each. */
describe("the operations' command lines", () => {
    const readers = {
        deploy: (a: string[]) => readDeployArgs(["up", ...a]),
        handoff: (a: string[]) => readHandoffArgs(["auditor", ...a]),
        verify: readVerifyArgs,
    };

    for (const [name, read] of Object.entries(readers)) {
        it(`${name}: --help or -h asks for the help; an unknown or valueless flag is a usage error naming it and --help`, () => {
            assert.equal(read(["--help"]), "help");
            assert.equal(read(["-h"]), "help");
            const usage = (argv: string[], message: RegExp) =>
                assert.throws(
                    () => read(argv),
                    (err: unknown) => err instanceof UsageError && message.test(err.message),
                    argv.join(" "),
                );
            usage(["--colour", "blue"], /Unknown option '--colour'.*; see --help$/);
            usage(["--dir"], /'--dir <value>' argument missing; see --help$/);
        });
    }

    it("--stacks: each stack once, and no empty name", () => {
        assert.deepEqual(args(readDeployArgs(["up", "--stacks", "producer, governance,producer"])).stacks, ["producer", "governance"]);
        assert.deepEqual(args(readVerifyArgs(["--stacks", "external"])).stacks, ["external"]);
        assert.equal(args(readVerifyArgs([])).stacks, undefined);
        for (const read of [(a: string[]) => readDeployArgs(["up", ...a]), readVerifyArgs]) {
            assert.throws(() => read(["--stacks", "producer,"]), /--stacks: give stack names separated by commas, e.g. --stacks producer,governance/);
            assert.throws(() => read(["--stacks", ""]), /--stacks: give stack names separated by commas/);
        }
    });

    it("--as-of: an unambiguous ISO instant or a usage error saying how to write one", () => {
        assert.equal(args(readHandoffArgs(["auditor", "--as-of", "2027-06-30"])).asOf, "2027-06-30");
        assert.equal(args(readVerifyArgs(["--as-of", "2027-06-30T17:00:00Z"])).asOf, "2027-06-30T17:00:00Z");
        for (const read of [(a: string[]) => readHandoffArgs(["auditor", ...a]), readVerifyArgs]) {
            assert.throws(
                () => read(["--as-of", "June 30"]),
                (err: unknown) => err instanceof UsageError && /^--as-of: "June 30" is not an ISO date: write "YYYY-MM-DD"/.test(err.message),
            );
        }
    });

    it("positionals only where the operation takes them", () => {
        assert.equal(args(readHandoffArgs(["auditor"])).consumer, "auditor");
        assert.throws(() => readHandoffArgs([]), /name one consumer, e.g. npm run handoff -- auditor/);
        assert.throws(() => readVerifyArgs(["producer"]), /Unexpected argument 'producer'.*; see --help$/);
    });
});
