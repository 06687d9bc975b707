/**
 * The redaction corpus: strings as they turn up in free-text columns (support notes,
 * payment messages, JSON payloads, CSV lines), half holding PII that must be masked, half
 * holding look-alikes that must survive untouched. All values are fictional: test card
 * numbers, reserved phone ranges (555-01xx, Ofcom's drama numbers), documentation IBANs,
 * never-issued SSN areas excluded only where the SSA rules say so.
 */

/** A string that holds PII: each of `secrets` must be gone from the redacted text. */
export interface MustMask {
    readonly text: string;
    /** The PII as written in `text`. */
    readonly secrets: readonly string[];
    /** What the secrets are, for the figures by kind. */
    readonly kind: "email" | "card" | "ssn" | "iban" | "phone";
}

const NBSP = "\u00A0";
const NNBSP = "\u202F";
const ZWSP = "\u200B";
const NBHY = "\u2011";
/** Full-width form of ASCII text (digits, letters, `@`, `+`, `.`, `-`). */
const fullWidth = (s: string): string => s.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
/** Arabic-Indic digits. */
const arabicIndic = (s: string): string => s.replace(/\d/g, (d) => String.fromCharCode(0x0660 + Number(d)));

const m = (kind: MustMask["kind"], text: string, ...secrets: string[]): MustMask => ({ kind, text, secrets: secrets.length > 0 ? secrets : [text] });

export const MUST_MASK: readonly MustMask[] = [
    // E-mail, ASCII and not.
    m("email", "contact john.doe@example.com for the refund", "john.doe@example.com"),
    m("email", "reply-to: J.Smith+billing@mail.example.co.uk", "J.Smith+billing@mail.example.co.uk"),
    m("email", "forwarded by josé@example.com yesterday", "josé@example.com"),
    m("email", "user@exämple.de bounced", "user@exämple.de"),
    m("email", "Kontakt: jürgen.müller@straße.example.de", "jürgen.müller@straße.example.de"),
    m("email", "写信给 王伟@例子.中国 谢谢", "王伟@例子.中国"),
    m("email", "почта: иван@пример.рф", "иван@пример.рф"),
    m("email", `mail ${fullWidth("john@example.com")} now`, fullWidth("john@example.com")),
    m("email", `sent to${NBSP}anna_k@sub-domain.example.org${NBSP}today`, "anna_k@sub-domain.example.org"),
    m("email", '{"contact":"zoë@example.fr","qty":2}', "zoë@example.fr"),
    m("email", "x@y.io", "x@y.io"),
    m("email", "cc: françois.dupont@société.example", "françois.dupont@société.example"),
    // Cards in every grouping, split by every separator, in other digits.
    m("card", "card 4111 1111 1111 1111 exp 12/27", "4111 1111 1111 1111"),
    m("card", "4111-1111-1111-1111", "4111-1111-1111-1111"),
    m("card", "paid with 5555555555554444", "5555555555554444"),
    m("card", "amex 3782 822463 10005", "3782 822463 10005"),
    m("card", "card 4111.1111.1111.1111 declined", "4111.1111.1111.1111"),
    m("card", "card 4111/1111/1111/1111", "4111/1111/1111/1111"),
    m("card", "amex 3782.822463.10005", "3782.822463.10005"),
    m("card", `card 4111${NBSP}1111${NBSP}1111${NBSP}1111`, `4111${NBSP}1111${NBSP}1111${NBSP}1111`),
    m("card", `card 5555${NNBSP}5555${NNBSP}5555${NNBSP}4444`, `5555${NNBSP}5555${NNBSP}5555${NNBSP}4444`),
    m("card", `card ${fullWidth("4111111111111111")}`, fullWidth("4111111111111111")),
    m("card", `card ${fullWidth("4111 1111 1111 1111")}`, fullWidth("4111 1111 1111 1111")),
    m("card", `card 4111${ZWSP}1111${ZWSP}1111${ZWSP}1111`, `4111${ZWSP}1111${ZWSP}1111${ZWSP}1111`),
    m("card", `بطاقة ${arabicIndic("4111111111111111")}`, arabicIndic("4111111111111111")),
    m("card", "john,4111111111111111,12/25", "4111111111111111"),
    m("card", '{"cards":[4111111111111111,5555555555554444]}', "4111111111111111", "5555555555554444"),
    m("card", "mistyped 4111 1111 1111 1112", "4111 1111 1111 1112"),
    m("card", "visa 4222222222222", "4222222222222"),
    m("card", "discover 6011-0009-9013-9424", "6011-0009-9013-9424"),
    m("card", `card${NBSP}no.${NBSP}4111-1111-1111-1111`, "4111-1111-1111-1111"),
    // US social security numbers.
    m("ssn", "SSN 123-45-6789 on file", "123-45-6789"),
    m("ssn", "social security number: 536-22-8726", "536-22-8726"),
    m("ssn", "ssn 536 22 8726", "536 22 8726"),
    m("ssn", "SSN: 219099999", "219099999"),
    m("ssn", `ssn ${fullWidth("123-45-6789")}`, fullWidth("123-45-6789")),
    m("ssn", `SSN 123${NBHY}45${NBHY}6789`, `123${NBHY}45${NBHY}6789`),
    m("ssn", '{"ssn":"078-05-1120"}', "078-05-1120"),
    m("ssn", "employee 4412, SSN#536228726", "536228726"),
    // IBANs.
    m("iban", "IBAN DE89 3704 0044 0532 0130 00 please", "DE89 3704 0044 0532 0130 00"),
    m("iban", "pay to GB82WEST12345698765432", "GB82WEST12345698765432"),
    m("iban", "FR1420041010050500013M02606", "FR1420041010050500013M02606"),
    m("iban", "iban: nl91abna0417164300", "nl91abna0417164300"),
    m("iban", "CH93 0076 2011 6238 5295 7 (Zürich)", "CH93 0076 2011 6238 5295 7"),
    m("iban", `IBAN${NBSP}GB82${NBSP}WEST${NBSP}1234${NBSP}5698${NBSP}7654${NBSP}32`, `GB82${NBSP}WEST${NBSP}1234${NBSP}5698${NBSP}7654${NBSP}32`),
    m("iban", "refund to ES9121000418450200051332 today", "ES9121000418450200051332"),
    m("iban", "BE68 5390 0754 7034 AND BE71 0961 2345 6769", "BE68 5390 0754 7034", "BE71 0961 2345 6769"),
    // Phones, international and national, with and without separators.
    m("phone", "call +44 20 7946 0958", "+44 20 7946 0958"),
    m("phone", "+1 (415) 555-0132 after 5pm", "+1 (415) 555-0132"),
    m("phone", "tel +4930123456", "+4930123456"),
    m("phone", "mobile +33 6 12 34 56 78", "+33 6 12 34 56 78"),
    m("phone", "+81 3-1234-5678", "+81 3-1234-5678"),
    m("phone", "(415) 555-0132", "(415) 555-0132"),
    m("phone", "office 415-555-0132", "415-555-0132"),
    m("phone", "415.555.0132", "415.555.0132"),
    m("phone", "020 7946 0958 (switchboard)", "020 7946 0958"),
    m("phone", "07700 900123", "07700 900123"),
    m("phone", "Paris 01.23.45.67.89", "01.23.45.67.89"),
    m("phone", "Berlin 030 1234567", "030 1234567"),
    m("phone", "0044 20 7946 0958", "0044 20 7946 0958"),
    m("phone", "1-800-555-0199", "1-800-555-0199"),
    m("phone", "415-555-0132 ext 12", "415-555-0132 ext 12"),
    m("phone", "Phone: 4155550132", "4155550132"),
    m("phone", "tel 02079460958", "02079460958"),
    m("phone", "mobile:07700900123", "07700900123"),
    m("phone", "Tel.: +4930123456", "+4930123456"),
    m("phone", "call 0612345678 tomorrow", "0612345678"),
    m("phone", "fax 4155550199", "4155550199"),
    m("phone", "WhatsApp: +447700900123", "+447700900123"),
    m("phone", `call ${fullWidth("+44 20 7946 0958")}`, fullWidth("+44 20 7946 0958")),
    m("phone", `office 415${NBHY}555${NBHY}0132`, `415${NBHY}555${NBHY}0132`),
    m("phone", `mobile +33${NBSP}6${NBSP}12${NBSP}34${NBSP}56${NBSP}78`, `+33${NBSP}6${NBSP}12${NBSP}34${NBSP}56${NBSP}78`),
    m("phone", `tel ${arabicIndic("0612345678")}`, arabicIndic("0612345678")),
    m("phone", "Telefon: 030 12345678", "030 12345678"),
    m("phone", '{"phone":"+49 30 1234 5678"}', "+49 30 1234 5678"),
    m("phone", "cell 07700-900-123", "07700-900-123"),
    m("phone", "ph:+14155550132", "+14155550132"),
    // Several kinds in one text.
    m("phone", "refund sent to ana@example.com, call +44 20 7946 0958", "ana@example.com", "+44 20 7946 0958"),
    m("card", "card 4111 1111 1111 1111 / SSN 123-45-6789 / josé@example.com", "4111 1111 1111 1111", "123-45-6789", "josé@example.com"),
];

/** Strings with nothing personal, many shaped like PII: each must come out exactly as it went in. */
export const MUST_SURVIVE: readonly string[] = [
    // Prices and amounts.
    "$1,234.50",
    "price 1299.99 EUR",
    "€ 1.234,56",
    `1${NBSP}234${NBSP}567,89 €`,
    "12,345,678.90",
    "total: 4,111,111.11",
    "qty 3 @ 19.99",
    "+12.50",
    "-0.75%",
    "amount=42.00 currency=EUR status=SETTLED",
    // Dates and times.
    "2025-03-01T12:34:56Z",
    "2025-03-01 12:34:56.789",
    "2025/03/01 10:00",
    "01/03/2025",
    "12:30:00",
    "12:06 12 34 56 78",
    "Mon, 01 Mar 2025 12:00:00 +0000",
    "2025-W09-6",
    "20250301T123456Z",
    "valid 03/2025 - 02/2027",
    // Ids, references, codes.
    "ORD-20250301-000123",
    "order 100234",
    "ref 1234567890123",
    "id 20240301000123",
    "id 00123456789",
    "id_4111111111111111",
    "ORD-2024-0001",
    "invoice INV/2024/000123",
    "batch 20240301-7",
    "order #A-1029384756",
    "tracking 1Z999AA10123456784",
    "550e8400-e29b-41d4-a716-446655440000",
    "sha256 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
    "ISBN 978-3-16-148410-0",
    "SKU 4006-381-333",
    "sort code 20-00-00 account 31926819",
    "ZIP 94103-1234",
    "ticket 3141592653",
    "customer id 2718281828",
    "epoch 1709296496",
    "epoch ms 1709296496124",
    "room 101, floor 3",
    "flight BA 117 gate 23",
    "case 00012345",
    "ref DE00 1234 5678 9012 3456 78",
    "code GB00WEST12345698765432",
    // Passes the ISO 13616 checksum, but a German IBAN has 22 characters, not 20.
    "contract DE291234567890123456",
    "ABCD1234EFGH5678",
    "part no. 000-12-3456",
    "lot 666-12-3456",
    "range 900-12-3456",
    // Network addresses and versions.
    "10.0.0.1",
    "192.168.1.10",
    "IPv4 203.0.113.42:8443",
    "2001:db8::8a2e:370:7334",
    "MAC 00:1A:2B:3C:4D:5E",
    "v1.2.3",
    "version 10.0.19045.3803",
    "node 20.19.0",
    "build 2025.03.01.1234",
    "semver 1.2.3-rc.4+build.5",
    // Measures and numbers.
    "3.14159",
    "lat 51.5074 lon -0.1278",
    "temperature -3.5 C",
    "1e-9",
    "0x1F4",
    "sizes 1 2 3 4 5 6 7 8 9 10 11 12 13 14",
    "page 12 of 340",
    "scores: 10, 20, 30, 40",
    "duration PT1H30M",
    "ratio 16:9",
    // Text that mentions PII without holding any.
    "the customer's e-mail was changed",
    "call me back tomorrow",
    "phone number withheld",
    "SSN not provided",
    "IBAN to follow",
    "user at example dot com",
    "mail@ (incomplete)",
    "card ending 1111",
    "tel: see CRM",
];
