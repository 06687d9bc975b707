import {
    CreateJobCommand,
    CreateRevisionCommand,
    DataExchangeClient,
    DeleteRevisionCommand,
    GetJobCommand,
    ListDataSetRevisionsCommand,
    ListRevisionAssetsCommand,
    RevokeRevisionCommand,
    StartJobCommand,
    UpdateRevisionCommand,
} from "@aws-sdk/client-dataexchange";
import { GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
import { strict as assert } from "assert";
import { mockClient } from "aws-sdk-client-mock";
import { manifestKeyOf, readManifest, revisionComment } from "../../../patterns/data-exchange/handlers/manifest";
import { configFromEnvironment, eventKey, handle } from "../../../patterns/data-exchange/handlers/publish-revision";
import { IMPORT_BATCH, RevisionDeps, publishManifest } from "../../../patterns/data-exchange/handlers/revisions";

const BUCKET = "datasharing-external-published-333333333333-eu-west-1";
const DATA_SET = "ds-market-prices";

/** A revision as the fake Data Exchange keeps it. */
interface FakeRevision {
    Id: string;
    CreatedAt: Date;
    Comment: string;
    Finalized: boolean;
    Revoked: boolean;
    assets: string[];
}

/**
 * Data Exchange and S3 as far as the revision function sees them: revisions with their
 * assets, import jobs that bring the listed objects in, and a bucket of objects.
 */
class World {
    readonly dx = mockClient(DataExchangeClient);
    readonly s3 = mockClient(S3Client);
    readonly revisions: FakeRevision[] = [];
    readonly objects = new Map<string, string>();
    jobs = new Map<string, { revisionId: string; keys: string[]; state: string }>();
    /** Set to make the next import job fail. */
    failNextJob = false;
    /** Set to have another run create the same manifest's revision just before this one does. */
    raceOnCreate = false;

    constructor() {
        this.dx.on(ListDataSetRevisionsCommand).callsFake((input) => {
            assert.equal(input.DataSetId, DATA_SET);
            return {
                Revisions: this.revisions.map((r) => ({
                    Id: r.Id,
                    CreatedAt: r.CreatedAt,
                    Comment: r.Comment,
                    Finalized: r.Finalized,
                    Revoked: r.Revoked,
                    DataSetId: DATA_SET,
                })),
            };
        });
        this.dx.on(CreateRevisionCommand).callsFake((input) => {
            if (this.raceOnCreate) {
                this.raceOnCreate = false;
                this.revisions.push({
                    Id: "other-run",
                    CreatedAt: new Date(Date.now() - 1000),
                    Comment: input.Comment,
                    Finalized: false,
                    Revoked: false,
                    assets: [],
                });
            }
            const r = { Id: `rev-${this.revisions.length + 1}`, CreatedAt: new Date(), Comment: input.Comment, Finalized: false, Revoked: false, assets: [] };
            this.revisions.push(r);
            return { Id: r.Id };
        });
        this.dx.on(DeleteRevisionCommand).callsFake((input) => {
            assert.equal(this.revision(input.RevisionId).Finalized, false, "only an unfinalized revision is deleted");
            this.revisions.splice(this.revisions.indexOf(this.revision(input.RevisionId)), 1);
            return {};
        });
        this.dx.on(CreateJobCommand).callsFake((input) => {
            const details = input.Details.ImportAssetsFromS3;
            assert.equal(input.Type, "IMPORT_ASSETS_FROM_S3");
            const id = `job-${this.jobs.size + 1}`;
            this.jobs.set(id, {
                revisionId: details.RevisionId,
                keys: details.AssetSources.map((a: { Bucket: string; Key: string }) => (assert.equal(a.Bucket, BUCKET), a.Key)),
                state: "WAITING",
            });
            return { Id: id };
        });
        this.dx.on(StartJobCommand).callsFake((input) => {
            const job = this.jobs.get(input.JobId)!;
            job.state = this.failNextJob ? "ERROR" : "COMPLETED";
            this.failNextJob = false;
            if (job.state === "COMPLETED") this.revision(job.revisionId).assets.push(...job.keys);
            return {};
        });
        this.dx.on(GetJobCommand).callsFake((input) => ({ Id: input.JobId, State: this.jobs.get(input.JobId)!.state, Errors: [] }));
        this.dx.on(ListRevisionAssetsCommand).callsFake((input) => ({ Assets: this.revision(input.RevisionId).assets.map((Name) => ({ Name })) }));
        this.dx.on(UpdateRevisionCommand).callsFake((input) => {
            const r = this.revision(input.RevisionId);
            assert.ok(r.assets.length > 0, "Data Exchange refuses to finalize an empty revision");
            r.Finalized = input.Finalized;
            return {};
        });
        this.dx.on(RevokeRevisionCommand).callsFake((input) => {
            assert.ok(input.RevocationComment.length >= 10 && input.RevocationComment.length <= 512, "RevocationComment is 10 to 512 characters");
            this.revision(input.RevisionId).Revoked = true;
            return {};
        });
        this.s3.on(GetObjectCommand).callsFake((input) => {
            const text = this.objects.get(input.Key);
            if (text === undefined) throw Object.assign(new Error("no such key"), { name: "NoSuchKey" });
            return { Body: { transformToString: async () => text } };
        });
        this.s3.on(HeadObjectCommand).callsFake((input) => {
            const text = this.objects.get(input.Key);
            if (text === undefined) throw Object.assign(new Error("Not Found"), { name: "NotFound" });
            return { ContentLength: text.length };
        });
        this.s3
            .on(ListObjectsV2Command)
            .callsFake((input) => ({ Contents: [...this.objects.keys()].filter((k) => k.startsWith(input.Prefix)).map((Key) => ({ Key })) }));
    }

    revision(id: string): FakeRevision {
        return this.revisions.find((r) => r.Id === id)!;
    }

    /** A snapshot's objects in the bucket (`arrived` of them), and its manifest. */
    publish(snapshot: string, files = 2, arrived = files): string[] {
        const keys = Array.from({ length: files }, (_, i) => `market_prices/daily_prices/snapshot=${snapshot}/part-${i}.parquet`);
        keys.slice(0, arrived).forEach((k) => this.objects.set(k, "parquet!"));
        const manifest = {
            version: 1,
            product: "market_prices",
            snapshot,
            createdAt: `${snapshot}T06:00:00Z`,
            objects: keys.map((key) => ({ key, size: "parquet!".length })),
        };
        this.objects.set(manifestKeyOf("market_prices", snapshot), JSON.stringify(manifest));
        return keys;
    }

    deps(retainRevisions = 3): RevisionDeps {
        return {
            dataExchange: new DataExchangeClient({ region: "eu-west-1" }),
            s3: new S3Client({ region: "eu-west-1" }),
            bucket: BUCKET,
            products: { market_prices: { dataSetId: DATA_SET, retainRevisions } },
            poll: { intervalMs: 0, attempts: 3 },
            log: () => undefined,
        };
    }

    calls(command: unknown): number {
        return this.dx.commandCalls(command as never).length;
    }
}

const s3Event = (...keys: string[]) => ({
    Records: keys.map((key) => ({ eventSource: "aws:s3", s3: { bucket: { name: BUCKET }, object: { key: encodeURIComponent(key).replace(/%2F/g, "/") } } })),
});

describe("Data Exchange revision function", () => {
    let world: World;
    beforeEach(() => {
        world = new World();
    });
    afterEach(() => {
        world.dx.restore();
        world.s3.restore();
    });

    it("makes one finalized revision holding exactly the new manifest's objects", async () => {
        const keys = world.publish("2026-11-20");
        const summary = await handle(world.deps(), s3Event(manifestKeyOf("market_prices", "2026-11-20")));
        assert.deepEqual(summary, { "market_prices/_manifests/2026-11-20/_manifest.json": "created" });
        assert.equal(world.revisions.length, 1);
        const [revision] = world.revisions;
        assert.deepEqual([...revision.assets].sort(), keys, "exactly its objects: not the manifest, nothing else");
        assert.equal(revision.Finalized, true);
        assert.equal(revision.Comment, revisionComment("market_prices", "2026-11-20"));
    });

    it("creates nothing twice when the event is replayed", async () => {
        world.publish("2026-11-20");
        const event = s3Event(manifestKeyOf("market_prices", "2026-11-20"));
        await handle(world.deps(), event);
        const again = await handle(world.deps(), event);
        assert.deepEqual(Object.values(again), ["exists"]);
        assert.equal(world.revisions.length, 1);
        assert.equal(world.calls(CreateRevisionCommand), 1);
        assert.equal(world.calls(CreateJobCommand), 1);
    });

    it("resumes a revision a run left unfinalized, importing only what it lacks", async () => {
        const keys = world.publish("2026-11-20", 3);
        world.failNextJob = true;
        const deps = world.deps();
        await assert.rejects(publishManifest(deps, manifestKeyOf("market_prices", "2026-11-20")), /ended ERROR/);
        assert.deepEqual(
            world.revisions.map((r) => r.Finalized),
            [false],
        );
        // Half way: one object already imported by hand, say.
        world.revisions[0].assets.push(keys[0]);
        const outcome = await publishManifest(deps, manifestKeyOf("market_prices", "2026-11-20"));
        assert.equal(outcome.kind, "created");
        assert.equal(world.revisions.length, 1, "the same revision, not a second one");
        assert.deepEqual([...world.revisions[0].assets].sort(), keys);
        assert.deepEqual(
            world.dx
                .commandCalls(CreateJobCommand)
                .at(-1)!
                .args[0].input.Details!.ImportAssetsFromS3!.AssetSources!.map((a) => a.Key),
            keys.slice(1),
        );
    });

    it("withdraws its own revision when another run made the manifest's revision first", async () => {
        world.publish("2026-11-20");
        world.raceOnCreate = true;
        const outcome = await publishManifest(world.deps(), manifestKeyOf("market_prices", "2026-11-20"));
        assert.deepEqual(outcome, { kind: "exists", revisionId: "other-run" });
        assert.deepEqual(
            world.revisions.map((r) => r.Id),
            ["other-run"],
            "one revision of the manifest is left",
        );
        assert.equal(world.calls(CreateJobCommand), 0, "the other run imports");
    });

    it("revokes the oldest revisions beyond the product's retention", async () => {
        const days = ["2026-11-17", "2026-11-18", "2026-11-19", "2026-11-20"];
        for (const day of days) {
            world.publish(day);
            await handle(world.deps(3), s3Event(manifestKeyOf("market_prices", day)));
        }
        const state = Object.fromEntries(
            world.revisions.map((r) => [r.Comment.slice("Published snapshot ".length, "Published snapshot ".length + 10), r.Revoked]),
        );
        assert.deepEqual(state, { "2026-11-17": true, "2026-11-18": false, "2026-11-19": false, "2026-11-20": false });
    });

    it("never revokes a revision it did not make", async () => {
        world.revisions.push({ Id: "by-hand", CreatedAt: new Date(0), Comment: "loaded by the pricing team", Finalized: true, Revoked: false, assets: ["x"] });
        for (const day of ["2026-11-19", "2026-11-20"]) {
            world.publish(day);
            await handle(world.deps(1), s3Event(manifestKeyOf("market_prices", day)));
        }
        assert.equal(world.revision("by-hand").Revoked, false);
        assert.deepEqual(
            world.revisions.filter((r) => r.Revoked).map((r) => r.Comment),
            [revisionComment("market_prices", "2026-11-19")],
        );
    });

    it("makes nothing while replication has not delivered every object, then publishes it on the hourly run", async () => {
        world.publish("2026-11-20", 3, 2);
        const first = await handle(world.deps(), s3Event(manifestKeyOf("market_prices", "2026-11-20")));
        assert.deepEqual(Object.values(first), ["incomplete"]);
        assert.equal(world.calls(CreateRevisionCommand), 0, "no half revision");
        world.publish("2026-11-20", 3, 3);
        const sweep = await handle(world.deps(), { source: "aws.events", "detail-type": "Scheduled Event" });
        assert.deepEqual(sweep, { "market_prices/_manifests/2026-11-20/_manifest.json": "created" });
        assert.equal(world.revisions[0].assets.length, 3);
    });

    it("sweeps only the newest snapshots the retention keeps, oldest first", async () => {
        for (const day of ["2026-11-18", "2026-11-19", "2026-11-20"]) world.publish(day);
        const sweep = await handle(world.deps(2), { source: "aws.events" });
        assert.deepEqual(Object.keys(sweep), ["market_prices/_manifests/2026-11-19/_manifest.json", "market_prices/_manifests/2026-11-20/_manifest.json"]);
        assert.deepEqual(
            world.revisions.map((r) => [r.Comment.includes("2026-11-19"), r.Revoked]),
            [
                [true, false],
                [false, false],
            ],
        );
    });

    it("imports a large snapshot in batches, into one revision", async () => {
        const keys = world.publish("2026-11-20", IMPORT_BATCH + 5);
        await handle(world.deps(), s3Event(manifestKeyOf("market_prices", "2026-11-20")));
        assert.equal(world.calls(CreateJobCommand), 2);
        assert.equal(world.revisions.length, 1);
        assert.equal(world.revisions[0].assets.length, keys.length);
    });

    it("refuses a manifest listing an object outside its product, before making anything", async () => {
        const key = manifestKeyOf("market_prices", "2026-11-20");
        world.objects.set(
            key,
            JSON.stringify({
                product: "market_prices",
                snapshot: "2026-11-20",
                objects: [{ key: "sales_insights/customers/snapshot=2026-11-20/p.parquet", size: 1 }],
            }),
        );
        await assert.rejects(handle(world.deps(), s3Event(key)), /is not an object of market_prices\//);
        assert.equal(world.calls(CreateRevisionCommand), 0);
    });

    it("ignores other products, other buckets and empty snapshots", async () => {
        world.objects.set(manifestKeyOf("other", "2026-11-20"), "{}");
        assert.deepEqual(await handle(world.deps(), s3Event(manifestKeyOf("other", "2026-11-20"))), {
            "other/_manifests/2026-11-20/_manifest.json": "ignored",
        });
        const elsewhere = { Records: [{ s3: { bucket: { name: "another-bucket" }, object: { key: manifestKeyOf("market_prices", "2026-11-20") } } }] };
        assert.deepEqual(await handle(world.deps(), elsewhere), {});
        world.objects.set(manifestKeyOf("market_prices", "2026-11-21"), JSON.stringify({ product: "market_prices", snapshot: "2026-11-21", objects: [] }));
        assert.deepEqual(Object.values(await handle(world.deps(), s3Event(manifestKeyOf("market_prices", "2026-11-21")))), ["empty"]);
        assert.equal(world.calls(CreateRevisionCommand), 0);
    });
});

describe("Data Exchange revision function: its inputs", () => {
    it("reads a manifest only for the product and day its key names", () => {
        const key = manifestKeyOf("market_prices", "2026-11-20");
        const good = {
            product: "market_prices",
            snapshot: "2026-11-20",
            objects: [{ key: "market_prices/daily_prices/snapshot=2026-11-20/p.parquet", size: 3 }],
        };
        assert.deepEqual(readManifest(key, JSON.stringify(good)).objects, good.objects);
        const bad: [object, RegExp][] = [
            [{ ...good, snapshot: "2026-11-19" }, /not the market_prices 2026-11-20 its key names/],
            [{ ...good, objects: [{ key: "market_prices/../x", size: 1 }] }, /not an object of market_prices/],
            [{ ...good, objects: [{ key: "market_prices/_manifests/2026-11-19/_manifest.json", size: 1 }] }, /not an object of market_prices/],
            [{ ...good, objects: [good.objects[0], good.objects[0]] }, /listed twice/],
            [{ ...good, objects: [{ key: good.objects[0].key, size: -1 }] }, /not a byte count/],
        ];
        for (const [body, message] of bad) assert.throws(() => readManifest(key, JSON.stringify(body)), message);
        assert.throws(() => readManifest("market_prices/daily_prices/x.json", "{}"), /not a snapshot manifest key/);
    });

    it("decodes S3's event keys and reads its configuration from the environment", () => {
        assert.equal(eventKey("market_prices/a+b%3Dc.parquet"), "market_prices/a b=c.parquet");
        assert.deepEqual(
            configFromEnvironment({ BUCKET, PRODUCTS: JSON.stringify({ market_prices: { dataSetId: DATA_SET, retainRevisions: 30 } }) }).products.market_prices
                .retainRevisions,
            30,
        );
        assert.throws(() => configFromEnvironment({}), /BUCKET is not set/);
        assert.throws(
            () => configFromEnvironment({ BUCKET, PRODUCTS: JSON.stringify({ market_prices: { dataSetId: DATA_SET, retainRevisions: 0 } }) }),
            /retainRevisions of at least 1/,
        );
    });
});
