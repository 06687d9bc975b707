import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { Browser, Page } from "puppeteer-core";
import { verify } from "../../../ops/verify/main";
import { collectEntitlements, renderHtml } from "../../../plan/entitlements";
import { evaluateTopology } from "../../../plan/evaluate";
import { TopologyEvaluation } from "../../../plan/evaluation";
import { PROJECT_DIR } from "../../support/sample";
import { mockedClients } from "./live-clients";
import { worldFromPlan } from "./live-world";

/**
 * Both reports' HTML in a real headless browser (Debian's chromium, driven by puppeteer-core):
 * the summary comes first, the filters narrow the rows, flagged rows are marked in red or
 * amber, the filter script runs under the page's own Content-Security-Policy, and the page
 * asks the network for nothing. Where chromium is missing the test is skipped, except in CI
 * (CI=true), which installs it (.ci/run) and must run it.
 */

const AS_OF = new Date("2026-11-22T00:00:00Z");
const CHROMIUM = process.env.CHROMIUM_PATH ?? ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find((p) => fs.existsSync(p));
/** The page's computed style, from inside the page (the project's TypeScript has no DOM library). */
declare const getComputedStyle: (element: unknown) => { borderLeftColor: string };

const FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
];

describe("report pages in headless chromium", function () {
    this.timeout(120_000);
    let browser: Browser | undefined;
    let plan: TopologyEvaluation;
    let dir: string;

    before(async function () {
        if (!CHROMIUM) {
            if (process.env.CI) throw new Error("chromium is not installed: .ci/run installs it (apt-get install chromium)");
            this.skip();
        }
        const puppeteer = await import("puppeteer-core");
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "reports-"));
        browser = await puppeteer.launch({ executablePath: CHROMIUM, headless: true, args: [...FLAGS, `--user-data-dir=${path.join(dir, "profile")}`] });
        plan = await evaluateTopology(PROJECT_DIR, { accessAsOf: AS_OF.toISOString(), stackTraceLimit: 0 });
    });

    after(async () => {
        await browser?.close();
    });

    /** Opens a file, recording every request and every console error or CSP violation. */
    async function open(file: string): Promise<{ page: Page; requests: string[]; errors: string[] }> {
        const page = await browser!.newPage();
        const requests: string[] = [];
        const errors: string[] = [];
        page.on("request", (r) => requests.push(r.url()));
        page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
        page.on("pageerror", (e) => errors.push(String(e)));
        await page.setViewport({ width: 1280, height: 900 });
        await page.goto(`file://${file}`, { waitUntil: "load" });
        return { page, requests, errors };
    }

    const visible = (page: Page, attribute: string) =>
        page.$$eval(`#rows tbody tr:not([hidden])`, (rows, a) => rows.map((r) => r.getAttribute(a as string)), attribute);
    const choose = async (page: Page, facet: string, value: string) => {
        await page.select(`select[data-filter=${facet}]`, value);
    };

    it("shows the entitlement report's summary first, and filters its rows by consumer and status", async () => {
        const file = path.join(dir, "entitlements.html");
        fs.writeFileSync(file, renderHtml(collectEntitlements(plan, AS_OF)));
        const { page, requests, errors } = await open(file);
        assert.deepEqual(requests, [`file://${file}`], "the page fetched something");
        assert.deepEqual(errors, []);
        const headings = await page.$$eval("h2", (h) => h.map((x) => x.textContent));
        assert.deepEqual(headings, ["Summary", "Rows"]);
        const summary = await page.$$eval("#summary tbody tr", (rows) => rows.map((r) => [...r.querySelectorAll("td")].map((td) => td.textContent)));
        const auditor = summary.find((r) => r[0] === "auditor")!;
        assert.ok(
            auditor[1]!.includes("lake-formation (LF-tags)") &&
                auditor[2]!.includes("sales_insights") &&
                auditor[3]!.includes("customers: address, email") &&
                auditor[4] === "2027-12-31",
            JSON.stringify(auditor),
        );
        const all = (await visible(page, "data-consumer")).length;
        await choose(page, "consumer", "auditor");
        const auditorRows = await visible(page, "data-consumer");
        assert.ok(auditorRows.length > 0 && auditorRows.length < all && auditorRows.every((c) => c === "auditor"));
        assert.equal(await page.$eval("#shown", (e) => e.textContent), `${auditorRows.length} of ${all} rows`);
        await choose(page, "consumer", "");
        await choose(page, "path", "s3 access point");
        assert.ok((await visible(page, "data-path")).every((p) => p === "s3 access point"));
        await page.screenshot({ path: path.join(dir, "entitlements.png"), fullPage: false });
    });

    it("marks unexpected rows of the verify report at a glance and filters by verdict and product", async () => {
        const world = worldFromPlan(plan);
        world.get("111111111111")!.permissions.push({
            Principal: { DataLakePrincipalIdentifier: "arn:aws:iam::111111111111:user/datasharing-lake-analyst" },
            Resource: { TableWithColumns: { CatalogId: "111111111111", DatabaseName: "db1", Name: "customers", ColumnWildcard: {} } },
            Permissions: ["SELECT"],
            PermissionsWithGrantOption: [],
        });
        for (const share of world.get("111111111111")!.datashares) share.DataShareAssociations = [];
        const clients = mockedClients(world);
        await verify(["--dir", PROJECT_DIR, "--out", dir], {
            write: () => undefined,
            now: () => AS_OF,
            evaluate: async () => plan,
            clients: (account) => clients(account.accountId),
        });
        const file = path.join(dir, "verify.html");
        const { page, requests, errors } = await open(file);
        assert.deepEqual(requests, [`file://${file}`]);
        assert.deepEqual(errors, []);
        const summaryHead = await page.$$eval("#summary thead th", (th) => th.map((x) => x.textContent));
        assert.deepEqual(summaryHead.slice(0, 7), ["consumer", "paths", "products", "columns withheld", "access ends", "unexpected", "expired but live"]);
        await choose(page, "status", "unexpected");
        const flagged = await page.$$eval("#rows tbody tr:not([hidden])", (rows) =>
            rows.map((r) => ({ status: r.getAttribute("data-status"), edge: getComputedStyle(r.querySelector("td")!).borderLeftColor, text: r.textContent })),
        );
        assert.equal(flagged.length, 1);
        assert.equal(flagged[0].status, "unexpected");
        assert.equal(flagged[0].edge, "rgb(207, 34, 46)", "an unexpected row has a red edge");
        assert.ok(flagged[0].text!.includes("address, email"));
        await choose(page, "status", "missing");
        const missing = await page.$$eval("#rows tbody tr:not([hidden]) td:first-child", (tds) => tds.map((td) => getComputedStyle(td).borderLeftColor));
        assert.deepEqual(missing, ["rgb(212, 167, 44)"], "a missing row has an amber edge");
        await choose(page, "status", "");
        await choose(page, "product", "inventory_levels");
        assert.ok((await visible(page, "data-product")).every((p) => p === "inventory_levels"));
        await page.screenshot({ path: path.join(dir, "verify.png"), fullPage: false });
        if (process.env.REPORT_SCREENSHOTS) fs.cpSync(dir, process.env.REPORT_SCREENSHOTS, { recursive: true });
    });
});
