import { strict as assert } from "assert";
import { acceptanceNeeded } from "../../../patterns/lake-formation/acceptance";

describe("RAM acceptance, decided per sending account", () => {
    const producer = { organizationId: "o-acme000001" };
    const inside = { account: { sameOrganization: true } as any };
    const outside = { account: { sameOrganization: false } as any };

    it("skips acceptance only when consumer and sender are both known to be in the producer's Organization", () => {
        assert.equal(acceptanceNeeded(inside, { organizationId: "o-acme000001" }, producer), false);
    });

    it("accepts a share from a sender outside the Organization, or of unknown Organization, even for a consumer inside it (pattern 3's external account)", () => {
        assert.equal(acceptanceNeeded(inside, { organizationId: undefined }, producer), true);
        assert.equal(acceptanceNeeded(inside, { organizationId: "o-other0001" }, producer), true);
    });

    it("accepts every share for a consumer outside the Organization", () => {
        assert.equal(acceptanceNeeded(outside, { organizationId: "o-acme000001" }, producer), true);
        assert.equal(acceptanceNeeded(inside, { organizationId: undefined }, { organizationId: undefined }), true);
    });
});
