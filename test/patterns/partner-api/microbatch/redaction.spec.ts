import { strict as assert } from "assert";
import { MASKS, REDACTED, luhnValid, columnSet, findPii, redactRow, redactText } from "../../../../patterns/partner-api/microbatch/redaction";
import { normaliseForDetection, originalSpan } from "../../../../patterns/partner-api/microbatch/text-normalisation";

/**
 * The fixed sample: every kind of PII in several formats, each inside ordinary text. Every
 * one must be masked (zero false negatives), and the text around it must survive.
 */
const PII_SAMPLE: { kind: keyof typeof MASKS; value: string }[] = [
    { kind: "email", value: "john.doe@example.com" },
    { kind: "email", value: "J.Smith+billing@mail.example.co.uk" },
    { kind: "email", value: "user_name@sub-domain.example.org" },
    { kind: "email", value: "x@y.io" },
    { kind: "card", value: "4111 1111 1111 1111" },
    { kind: "card", value: "4111-1111-1111-1111" },
    { kind: "card", value: "4111111111111111" },
    { kind: "card", value: "5555555555554444" },
    { kind: "card", value: "3782 822463 10005" },
    { kind: "card", value: "378282246310005" },
    { kind: "card", value: "30569309025904" },
    { kind: "card", value: "4222222222222" },
    { kind: "card", value: "6011000990139424" },
    { kind: "card", value: "6759649826438453" },
    // Mistyped (fails Luhn) but written in a card's grouping: still a card.
    { kind: "card", value: "4111 1111 1111 1112" },
    { kind: "phone", value: "+44 20 7946 0958" },
    { kind: "phone", value: "+1 (415) 555-2671" },
    { kind: "phone", value: "+4930123456" },
    { kind: "phone", value: "+33 6 12 34 56 78" },
    { kind: "phone", value: "+49-30-1234-5678" },
    { kind: "phone", value: "+81 3-1234-5678" },
    { kind: "phone", value: "(415) 555-2671" },
    { kind: "phone", value: "415-555-2671" },
    { kind: "phone", value: "415.555.2671" },
    { kind: "phone", value: "415 555 2671" },
    { kind: "phone", value: "020 7946 0958" },
    { kind: "phone", value: "07700 900123" },
    { kind: "phone", value: "0161-496-0000" },
    { kind: "phone", value: "030 1234567" },
    { kind: "phone", value: "06 12 34 56 78" },
    { kind: "phone", value: "01.23.45.67.89" },
];

/** Ordinary values the export must keep as they are. */
const ORDINARY = [
    "2025-03-01T12:34:56Z",
    "2025-03-01 12:34:56.789",
    "2025-03-01",
    "12:30:00",
    "2025/03/01 10:00",
    "ORD-20250301-000123",
    "order 100234",
    "ref 1234567890123",
    "id 20240301000123",
    "price 1299.99 EUR",
    "1,234.56",
    "+12.50",
    "qty 3 @ 19.99",
    "550e8400-e29b-41d4-a716-446655440000",
    "10.0.0.1",
    "v1.2.3",
    "epoch 1709296496",
    "tracking 1Z999AA10123456784",
    "status=SETTLED amount=42.00 currency=EUR",
    "order 12345",
    "price 1,234.56",
    "12,345,678.90",
    "3.14159",
    "2025-03-01 10:30:00",
    "version 1.2.3",
    "id_4111111111111111",
    "ORD-2024-0001",
    "192.168.1.10",
    // A time then digit pairs: the `:` after a digit still blocks a phone.
    "12:06 12 34 56 78",
    // A bare run starting 00 is an id, not an international number (no separator).
    "id 00123456789",
];

/**
 * Formats the review found left in clear (false negatives), each with its exact redaction:
 * cards next to commas (lists, CSV, JSON arrays), phones after a `label:`, North American
 * numbers with the country code 1, international numbers with `00` for `+`, and extensions.
 */
const REVIEW_FALSE_NEGATIVES: { kind: keyof typeof MASKS; text: string; redacted: string }[] = [
    { kind: "card", text: "john,4111111111111111,12/25", redacted: "john,[CARD],12/25" },
    { kind: "card", text: "[4111111111111111,5555555555554444]", redacted: "[[CARD],[CARD]]" },
    { kind: "card", text: '{"cards":[4111111111111111,5555555555554444]}', redacted: '{"cards":[[CARD],[CARD]]}' },
    { kind: "card", text: "x,4111 1111 1111 1111", redacted: "x,[CARD]" },
    { kind: "card", text: "4111 1111 1111 1111,5555 5555 5555 4444", redacted: "[CARD],[CARD]" },
    { kind: "phone", text: "tel:020 7946 0958", redacted: "tel:[PHONE]" },
    { kind: "phone", text: "mobile:0170 1234567", redacted: "mobile:[PHONE]" },
    { kind: "phone", text: "phone:06 12 34 56 78", redacted: "phone:[PHONE]" },
    { kind: "phone", text: "1-800-555-1234", redacted: "[PHONE]" },
    { kind: "phone", text: "1-415-555-2671", redacted: "[PHONE]" },
    { kind: "phone", text: "1.415.555.2671", redacted: "[PHONE]" },
    { kind: "phone", text: "call 1 415 555 2671", redacted: "call [PHONE]" },
    { kind: "phone", text: "0044 20 7946 0958", redacted: "[PHONE]" },
    { kind: "phone", text: "00 44 20 7946 0958", redacted: "[PHONE]" },
    { kind: "phone", text: "0033 6 12 34 56 78", redacted: "[PHONE]" },
    // Extensions are masked with the number.
    { kind: "phone", text: "415-555-2671x12", redacted: "[PHONE]" },
    { kind: "phone", text: "415-555-2671 ext 12", redacted: "[PHONE]" },
    { kind: "phone", text: "+44 20 7946 0958 ext. 123", redacted: "[PHONE]" },
];

describe("microbatch PII redaction", () => {
    for (const { kind, value } of PII_SAMPLE) {
        it(`masks the ${kind} ${value}`, () => {
            const text = `before ${value} after`;
            assert.equal(redactText(text), `before ${MASKS[kind]} after`);
            assert.equal(redactText(value), MASKS[kind]);
        });
    }

    it("misses nothing of the whole sample in one text, and leaves no digit of it behind", () => {
        const text = PII_SAMPLE.map((s) => `${s.kind}: ${s.value};`).join(" ");
        const redacted = redactText(text);
        assert.equal(redacted, PII_SAMPLE.map((s) => `${s.kind}: ${MASKS[s.kind]};`).join(" "));
        assert.doesNotMatch(redacted, /\d|@/);
    });

    it("finds cards inside longer runs of digit groups", () => {
        assert.equal(redactText("card 4111 1111 1111 1111 2027"), "card [CARD] 2027");
        assert.equal(redactText("cards 4111 1111 1111 1111 5555 5555 5555 4444"), "cards [CARD] [CARD]");
        assert.equal(redactText("visa 4222 2222 2222 2"), "visa [CARD]");
    });

    for (const { kind, text, redacted } of REVIEW_FALSE_NEGATIVES) {
        it(`masks the ${kind} in ${JSON.stringify(text)}`, () => {
            const out = redactText(text);
            assert.ok(out.includes(MASKS[kind]), out);
            // No 7-digit run is left, even with the separators taken out.
            assert.doesNotMatch(out.replace(/[ .()-]/g, ""), /\d{7}/);
            assert.equal(out, redacted);
        });
    }

    it("does not read a list of small numbers as a card", () => {
        assert.equal(redactText("sizes 1 2 3 4 5 6 7 8 9 10 11 12 13 14"), "sizes 1 2 3 4 5 6 7 8 9 10 11 12 13 14");
    });

    for (const value of ORDINARY) {
        it(`keeps ${JSON.stringify(value)}`, () => {
            assert.equal(redactText(value), value);
        });
    }

    it("redacts a bare id only when it passes Luhn (the documented price of no false negatives)", () => {
        assert.equal(redactText("epoch ms 1709296496123"), "epoch ms [CARD]");
        assert.equal(redactText("epoch ms 1709296496124"), "epoch ms 1709296496124");
    });

    describe("reads text as written, and returns it as written", () => {
        it("finds PII in other scripts, full-width forms and non-breaking spaces, masking it in the original text", () => {
            assert.equal(redactText("Ｎｏｔｅ： ｃａｒｄ ４１１１ １１１１ １１１１ １１１１ ｏｋ"), "Ｎｏｔｅ： ｃａｒｄ [CARD] ｏｋ");
            assert.equal(redactText("Überweisung an josé@example.com\u00A0— danke"), "Überweisung an [EMAIL]\u00A0— danke");
            assert.equal(redactText("tel\u00A0+33\u00A06\u00A012\u00A034\u00A056\u00A078."), "tel\u00A0[PHONE].");
            assert.equal(redactText("SSN 123‑45‑6789, IBAN DE89 3704 0044 0532 0130 00"), "SSN [SSN], IBAN [IBAN]");
        });

        it("maps what it finds back over dropped and widened characters", () => {
            const text = "a\u200B４1\uFB01x";
            const n = normaliseForDetection(text);
            assert.equal(n.text, "a41fix");
            // "41" in the normalised text is the full-width 4 and the 1 of the original.
            assert.deepEqual(originalSpan(n, 1, 3), [2, 4]);
            // The ligature ﬁ became two characters, both from one of the original.
            assert.deepEqual(originalSpan(n, 3, 5), [4, 5]);
            assert.deepEqual(findPii("x 4111\u200B1111\u200B1111\u200B1111 y"), [{ start: 2, end: 21, kind: "card" }]);
        });
    });

    it("checks card numbers with Luhn", () => {
        assert.equal(luhnValid("4111111111111111"), true);
        assert.equal(luhnValid("4111111111111112"), false);
        assert.equal(luhnValid("1234567890123"), false);
        assert.equal(luhnValid(""), false);
    });

    it("blanks PII columns whole (any value, null included, case-insensitively) and scans every other string", () => {
        const row = {
            event_id: 4111111111111111,
            event_time: "2025-03-01 12:34:56.789",
            customer_email: "john.doe@example.com",
            Card_Number: null,
            note: "call +44 20 7946 0958 or mail john.doe@example.com about card 4111 1111 1111 1111",
            amount: 19.99,
            settled: true,
            payload: '{"contact":"j@x.example","items":[{"sku":"A-100","qty":2}]}',
            tags: ["vip", "415-555-2671"],
        };
        const out = redactRow(row, columnSet(["customer_email", "CARD_NUMBER"]));
        assert.deepEqual(out, {
            // Numbers are not scanned: a numeric column holding PII must be declared.
            event_id: 4111111111111111,
            event_time: "2025-03-01 12:34:56.789",
            customer_email: REDACTED,
            Card_Number: REDACTED,
            note: "call [PHONE] or mail [EMAIL] about card [CARD]",
            amount: 19.99,
            settled: true,
            payload: '{"contact":"[EMAIL]","items":[{"sku":"A-100","qty":2}]}',
            tags: ["vip", "[PHONE]"],
        });
        // JSON text stays JSON once redacted.
        assert.deepEqual(JSON.parse(out.payload as string).contact, "[EMAIL]");
    });

    it("leaves numbers read as text (BIGINTs) as they are, unless they are PII", () => {
        // 1700000000000000202 passes the Luhn check: as free text, it would be masked as a card.
        const row = { event_id: "1700000000000000202", account_no: "4111111111111111", note: "4111111111111111" };
        assert.deepEqual(redactRow(row, columnSet(["ACCOUNT_NO"]), columnSet(["Event_Id", "account_no"])), {
            event_id: "1700000000000000202",
            account_no: REDACTED,
            note: "[CARD]",
        });
    });
});
