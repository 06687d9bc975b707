import { strict as assert } from "assert";
import { pollerConfig, receiverConfig, resultsPrefix } from "../../../../../patterns/partner-api/api/handlers/config";
import { accessEnded, parsePartners, partnerByApiKey } from "../../../../../patterns/partner-api/api/handlers/partners";
import { parseTimestamp } from "../../../../../patterns/partner-api/api/handlers/time";
import { PARTNERS, pollerEnv, receiverEnv } from "./fixtures";

describe("partner API configuration", () => {
    describe("partner registry (PARTNERS)", () => {
        it("reads partners, with access end dates as instants", () => {
            const partners = parsePartners(JSON.stringify(PARTNERS));
            assert.equal(partners.length, 3);
            assert.equal(partnerByApiKey(partners, "key-acme")?.email, "data@acme.example");
            assert.equal(partnerByApiKey(partners, ""), undefined);
            assert.equal(partnerByApiKey(partners, null), undefined);
            // A date means the end of that day, UTC, as in the topology.
            assert.equal(partnerByApiKey(partners, "key-globex")?.accessEndsAt?.toISOString(), "2025-03-09T00:00:00.000Z");
            const former = partnerByApiKey(partners, "key-former")!;
            assert.equal(accessEnded(former, new Date("2025-02-28T11:59:59Z")), false);
            assert.equal(accessEnded(former, new Date("2025-02-28T12:00:00Z")), true);
        });

        const bad: { what: string; raw: string | undefined; message: RegExp }[] = [
            { what: "unset", raw: undefined, message: /PARTNERS is not set/ },
            { what: "not JSON", raw: "[{name:", message: /not valid JSON/ },
            { what: "an object, not an array", raw: JSON.stringify(PARTNERS[0]), message: /must be a JSON array/ },
            {
                what: "a bad e-mail",
                raw: JSON.stringify([{ ...PARTNERS[0], email: "Acme <data@acme.example>" }]),
                message: /PARTNERS\[0\]\.email: .* is not a plain e-mail address/,
            },
            { what: "no products", raw: JSON.stringify([{ ...PARTNERS[0], products: [] }]), message: /PARTNERS\[0\]\.products: must be a non-empty array/ },
            { what: "a product with a slash", raw: JSON.stringify([{ ...PARTNERS[0], products: ["sales/../hr"] }]), message: /products\[0\]: .* no '\/'/ },
            { what: "a name with a slash", raw: JSON.stringify([{ ...PARTNERS[0], name: "acme/eu" }]), message: /PARTNERS\[0\]\.name/ },
            { what: "no API key id", raw: JSON.stringify([{ ...PARTNERS[0], apiKeyId: "" }]), message: /apiKeyId: must be the id/ },
            {
                what: "an unreal end date",
                raw: JSON.stringify([{ ...PARTNERS[0], accessEndsAt: "2025-02-30" }]),
                message: /accessEndsAt: .* is not an ISO date/,
            },
            { what: "an unknown field", raw: JSON.stringify([{ ...PARTNERS[0], emails: ["x@y.example"] }]), message: /PARTNERS\[0\]\.emails: unknown field/ },
            {
                what: "a repeated API key",
                raw: JSON.stringify([PARTNERS[0], { ...PARTNERS[1], apiKeyId: "key-acme" }]),
                message: /apiKeyId "key-acme" appears twice/,
            },
        ];
        for (const c of bad) {
            it(`refuses ${c.what}`, () => {
                assert.throws(() => parsePartners(c.raw), c.message);
            });
        }
    });

    describe("environment", () => {
        it("reads the receiver's", () => {
            assert.equal(receiverConfig(receiverEnv()).ttlDays, 7);
            assert.throws(
                () => receiverConfig({ ...receiverEnv(), REQUEST_TTL_DAYS: "0" }),
                /REQUEST_TTL_DAYS is "0": it must be a whole number from 1 to 365/,
            );
            assert.throws(() => receiverConfig({ ...receiverEnv(), CONTROL_TABLE: "" }), /CONTROL_TABLE is not set/);
        });

        it("reads the poller's, with defaults for the prefix template and link lifetime", () => {
            const minimal = pollerEnv();
            delete minimal.URL_EXPIRY_SECONDS;
            const config = pollerConfig({ ...minimal, RESULTS_PREFIX_TEMPLATE: "" });
            assert.equal(config.prefixTemplate, "{product}/");
            assert.equal(config.urlExpirySeconds, 900);
            assert.equal(resultsPrefix("partners/{partner}/{product}/", "sales", "acme"), "partners/acme/sales/");
        });

        const bad: { what: string; env: Record<string, string>; message: RegExp }[] = [
            // A link dies with the session that signed it, and a session chained from the function's lasts at most one hour.
            { what: "a link lifetime over one hour", env: { URL_EXPIRY_SECONDS: "3601" }, message: /URL_EXPIRY_SECONDS is "3601": .* 60 to 3600/ },
            { what: "no signer role", env: { SIGNER_ROLE_ARN: "" }, message: /SIGNER_ROLE_ARN is not set/ },
            {
                what: "a signer that is not a role ARN",
                env: { SIGNER_ROLE_ARN: "arn:aws:iam::222222222222:user/signer" },
                message: /SIGNER_ROLE_ARN .* is not an IAM role ARN/,
            },
            { what: "a link lifetime under a minute", env: { URL_EXPIRY_SECONDS: "59" }, message: /URL_EXPIRY_SECONDS/ },
            { what: "a fractional link lifetime", env: { URL_EXPIRY_SECONDS: "900.5" }, message: /URL_EXPIRY_SECONDS/ },
            { what: "a prefix without {product}", env: { RESULTS_PREFIX_TEMPLATE: "results/" }, message: /must contain \{product\}/ },
            { what: "a prefix shared by products that extend each other's names", env: { RESULTS_PREFIX_TEMPLATE: "{product}" }, message: /end with "\/"/ },
            { what: "an unknown placeholder", env: { RESULTS_PREFIX_TEMPLATE: "{product}/{date}/" }, message: /unknown placeholder\(s\) \{date\}/ },
            // acme-eu's sales and acme's eu-sales would both be acme-eu-sales/.
            {
                what: "placeholders glued into one folder name",
                env: { RESULTS_PREFIX_TEMPLATE: "{partner}-{product}/" },
                message: /each placeholder must be a whole folder name, not part of one \("\{partner\}-\{product\}"\)/,
            },
            { what: "a placeholder with a fixed part in its folder", env: { RESULTS_PREFIX_TEMPLATE: "exports/p_{product}/" }, message: /whole folder name/ },
            {
                what: "an SES identity that is not an ARN",
                env: { SES_IDENTITY_ARN: "producer.example" },
                message: /SES_IDENTITY_ARN .* is not an SES identity ARN/,
            },
            { what: "a sender that is not an address", env: { SENDER_ADDRESS: "producer" }, message: /SENDER_ADDRESS/ },
            { what: "no status index", env: { STATUS_INDEX: "" }, message: /STATUS_INDEX is not set/ },
        ];
        for (const c of bad) {
            it(`refuses ${c.what}`, () => {
                assert.throws(() => pollerConfig({ ...pollerEnv(), ...c.env }), c.message);
            });
        }
    });

    it("accepts only ISO timestamps with a zone and a real date", () => {
        assert.equal(parseTimestamp("2025-02-01T00:00:00.5+02:00")?.toISOString(), "2025-01-31T22:00:00.500Z");
        for (const bad of ["2025-02-01", "2025-02-01T00:00:00", "2025-02-29T00:00:00Z", "2025-01-01T24:00:00Z", "1738368000", 1738368000]) {
            assert.equal(parseTimestamp(bad), undefined, String(bad));
        }
    });
});
