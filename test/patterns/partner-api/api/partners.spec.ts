import { strict as assert } from "assert";
import { parsePartners } from "../../../../patterns/partner-api/api/handlers/partners";
import { PartnerSpec, checkPartners, offeredProducts, partnerRegistry, resultPrefixes } from "../../../../patterns/partner-api/api/partners";
import { requestSchema } from "../../../../patterns/partner-api/api/rest-api";

const ACME: PartnerSpec = { name: "acme", email: "data@acme.example", products: ["sales", "transaction_logs"] };
const GLOBEX: PartnerSpec = { name: "globex", email: "feeds@globex.example", products: ["sales"], accessEndsAt: new Date("2027-06-30T00:00:00Z") };

describe("partner API: the partner registry", () => {
    it("is what the functions' own parser reads, each partner tied to its key", () => {
        const registry = partnerRegistry([ACME, GLOBEX], ["k1", "k2"]);
        const parsed = parsePartners(registry);
        assert.deepEqual(
            parsed.map((p) => [p.name, p.apiKeyId, p.email, [...p.products], p.accessEndsAt?.toISOString()]),
            [
                ["acme", "k1", "data@acme.example", ["sales", "transaction_logs"], undefined],
                ["globex", "k2", "feeds@globex.example", ["sales"], "2027-06-30T00:00:00.000Z"],
            ],
        );
    });

    const bad: { name: string; partners: PartnerSpec[]; message: RegExp }[] = [
        { name: "no partner", partners: [], message: /at least one partner/ },
        { name: "an address that is not one", partners: [{ ...ACME, email: "not-an-address" }], message: /partners\[0\]\.email/ },
        { name: "a partner without products", partners: [{ ...ACME, products: [] }], message: /partners\[0\]\.products/ },
        { name: "a product that would escape its folder", partners: [{ ...ACME, products: ["../lake"] }], message: /partners\[0\]\.products\[0\]/ },
        { name: "a name used twice", partners: [ACME, { ...GLOBEX, name: "acme" }], message: /acme/ },
    ];
    for (const c of bad) {
        it(`refuses ${c.name} before anything is created`, () => {
            assert.throws(() => checkPartners(c.partners), c.message);
        });
    }

    it("refuses a key list that does not match the partners", () => {
        assert.throws(() => partnerRegistry([ACME], []), /1 partners but 0 API key ids/);
    });
});

describe("partner API: what the poller may read", () => {
    it("is one folder per product under the default layout, shared by the partners that receive it", () => {
        assert.deepEqual(resultPrefixes([ACME, GLOBEX], "{product}/"), ["sales/", "transaction_logs/"]);
    });

    it("is one folder per partner and product when the layout names the partner", () => {
        assert.deepEqual(resultPrefixes([ACME, GLOBEX], "{partner}/{product}/"), ["acme/sales/", "acme/transaction_logs/", "globex/sales/"]);
    });

    it("refuses a layout that would mix products in one folder", () => {
        assert.throws(() => resultPrefixes([ACME], "exports/"), /must contain \{product\}/);
    });
});

describe("partner API: the request model", () => {
    const schema = requestSchema(offeredProducts([ACME, GLOBEX])) as any;

    it("requires requestId and product, accepts since, and nothing else", () => {
        assert.deepEqual(schema.required, ["requestId", "product"]);
        assert.equal(schema.additionalProperties, false);
        assert.deepEqual(Object.keys(schema.properties), ["requestId", "product", "since"]);
        assert.equal(schema.$schema, "http://json-schema.org/draft-04/schema#", "API Gateway models are JSON schema draft 4");
    });

    it("accepts only products some partner receives, and request ids as the receiver does", () => {
        assert.deepEqual(schema.properties.product.enum, ["sales", "transaction_logs"]);
        const id = new RegExp(schema.properties.requestId.pattern);
        assert.ok(id.test("3f1c2b9a-0d4e-4c8b-9a7f-2e6d5c4b3a21"));
        assert.ok(!id.test("short"));
        assert.ok(!id.test("has spaces in it"));
    });
});
