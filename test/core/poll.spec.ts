import { strict as assert } from "assert";
import { pollUntil, waited } from "../../core/poll";

describe("pollUntil", () => {
    const answers = (...values: (string | undefined)[]) => {
        let calls = 0;
        return { check: async () => values[calls++], calls: () => calls };
    };

    it("returns the first answer, asking no more", async () => {
        const a = answers(undefined, undefined, "ready", "later");
        assert.equal(await pollUntil({ intervalMs: 0, attempts: 5 }, a.check), "ready");
        assert.equal(a.calls(), 3);
    });

    it("gives up after its attempts, with undefined", async () => {
        const a = answers();
        assert.equal(await pollUntil({ intervalMs: 0, attempts: 4 }, a.check), undefined);
        assert.equal(a.calls(), 4);
    });

    it("stops at the first failure", async () => {
        let calls = 0;
        await assert.rejects(
            pollUntil({ intervalMs: 0, attempts: 4 }, async () => (++calls === 2 ? Promise.reject(new Error("FAILED")) : undefined)),
            /FAILED/,
        );
        assert.equal(calls, 2);
    });

    it("pauses between checks, not before the first or after the last", async () => {
        const times: number[] = [];
        await pollUntil({ intervalMs: 20, attempts: 3 }, async () => void times.push(Date.now()));
        assert.equal(times.length, 3);
        assert.ok(times[1] - times[0] >= 15 && times[2] - times[1] >= 15, String(times));
    });

    it("says how long the checks took", () => {
        assert.equal(waited({ intervalMs: 5000, attempts: 24 }), "~120s");
    });
});
