import { z } from "zod";
import { isoInstantProblem } from "../iso-instant";
import { Region } from "@pulumi/aws/types/enums";
import { isColumnType } from "./column-type";
import { PATTERN_IDS } from "./patterns";

/**
 * The shape of the `datasharing:topology` project config. Field-level checks live here;
 * rules that relate fields to each other live in `rules.ts`. Every message says what is
 * wrong and how to fix it, because it is shown to a person running `pulumi up`.
 */

export const ACCOUNT_ID_PATTERN = /^\d{12}$/;

const accountId = z
    .string({
        error: (iss) =>
            iss.input === undefined
                ? "is required: the 12-digit AWS account id, quoted, e.g. \"123456789012\""
                : `must be a quoted 12-digit string, got ${typeof iss.input} ${JSON.stringify(iss.input)}: ` +
                  "YAML reads an unquoted id as a number and drops leading zeros; write it in quotes, e.g. \"012345678901\"",
    })
    .regex(ACCOUNT_ID_PATTERN, {
        error: (iss) => `${JSON.stringify(iss.input)} is not an AWS account id: use exactly 12 digits, e.g. "123456789012"`,
    });

/** The regions the AWS provider knows: the list it validates `region` against itself. */
const AWS_REGIONS: readonly string[] = Object.values(Region);

/** An AWS region code the provider knows, e.g. "eu-west-1". */
export const region = z
    .string()
    .regex(/^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$/, {
        error: (iss) => `${JSON.stringify(iss.input)} is not an AWS region code: use one like "eu-west-1" or "us-east-1"`,
    })
    .refine((r) => AWS_REGIONS.includes(r), { error: (iss) => `${JSON.stringify(iss.input)} is not an AWS region: check the spelling, e.g. "eu-west-1" or "us-east-1"` });

const pulumiOrg = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/, {
    error: "must be a Pulumi organisation name (letters, digits, '-', '_', '.'), e.g. \"acme-data\"",
});

const stackName = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/, {
    error: "must be a Pulumi stack name (letters, digits, '-', '_', '.'), e.g. \"producer\"",
});

/** Names that end up in Glue, Lake Formation and S3 prefixes: lower case, no spaces. */
const catalogName = z.string().regex(/^[a-z][a-z0-9_]{0,62}$/, {
    error: (iss) =>
        `${JSON.stringify(iss.input)} is not a catalog-safe name: start with a lower-case letter, then lower-case letters, digits or '_' (at most 63), e.g. "clean_sales"`,
});

/** Consumer names appear in stack names and physical resource names. */
const consumerName = z.string().regex(/^[a-z](?:[a-z0-9]|-(?=[a-z0-9])){0,23}$/, {
    error: (iss) =>
        `${JSON.stringify(iss.input)} is not a valid consumer name: start with a lower-case letter, then lower-case letters, digits or single '-' between them (at most 24), e.g. "auditor" or "audit-co"`,
});

const email = z.email({ error: (iss) => `${JSON.stringify(iss.input)} is not an e-mail address, e.g. "data@partner.example"` });

/** ISO date ("2027-06-30", access ends at the end of that day, UTC) or timestamp with zone. */
const endDate = z
    .string({ error: "must be a quoted ISO date such as \"2027-06-30\" or timestamp such as \"2027-06-30T17:00:00Z\"" })
    .superRefine((s, ctx) => {
        const problem = isoInstantProblem(s);
        if (problem) ctx.addIssue({ code: "custom", message: problem.replace(/^(.* is not an ISO date): write "YYYY-MM-DD"/, '$1: write "YYYY-MM-DD" (access ends at the end of that day, UTC)') });
    });

const iamPrincipalArn = z.string().regex(/^arn:aws(-[a-z]+)*:iam::\d{12}:(role|user)\/[\w+=,.@/-]{1,512}$/, {
    error: (iss) =>
        `${JSON.stringify(iss.input)} is not an IAM role or user ARN: use "arn:aws:iam::<account-id>:role/<name>"`,
});

const patternId = z.enum(PATTERN_IDS, {
    error: (iss) => `unknown pattern ${JSON.stringify(iss.input)}: use one of ${PATTERN_IDS.join(", ")}`,
});

export const accountSchema = z.strictObject({
    /** The 12-digit AWS account id. */
    accountId,
    /** Home region of the account's stack. */
    region,
    /** Pulumi organisation that owns this account's stack; stack references cross organisations. */
    pulumiOrg,
    /** Stack name; defaults to the account role. */
    stack: stackName.optional(),
    /** AWS Organizations id ("o-..."), used to tell same-organisation consumers apart. */
    organizationId: z
        .string()
        .regex(/^o-[a-z0-9]{10,32}$/, { error: "must be an AWS Organizations id such as \"o-a1b2c3d4e5\"" })
        .optional(),
});

export const columnSchema = z.strictObject({
    name: catalogName,
    /** Glue/Hive type of the column. */
    type: z
        .string()
        .refine(isColumnType, {
            error: (iss) => `${JSON.stringify(iss.input)} is not one Glue column type: use a type such as "string", "int", "bigint", "timestamp", "decimal(10,2)" or "array<string>"`,
        })
        .default("string"),
    /** Personally identifiable: redacted by the API pattern, excludable in grants. */
    pii: z.boolean({ error: "must be true or false" }).default(false),
});

export const tableSchema = z.strictObject({
    name: catalogName,
    columns: z.array(columnSchema).min(1, { error: "list at least one column" }),
});

export const dataProductSchema = z.strictObject({
    /** Product name: also its Glue database suffix, LF-tag value and S3 prefix. */
    name: catalogName,
    description: z.string().optional(),
    classification: z.enum(["public", "private", "confidential"], {
        error: (iss) => `${JSON.stringify(iss.input)} is not a classification: use public, private or confidential`,
    }),
    structure: z.enum(["structured", "unstructured"], {
        error: (iss) => `${JSON.stringify(iss.input)} is not a data structure: use structured or unstructured`,
    }),
    /** Where the data lives today. */
    store: z
        .enum(["s3", "redshift"], { error: (iss) => `${JSON.stringify(iss.input)} is not a store: use s3 or redshift` })
        .default("s3"),
    /** Tables of a structured product. */
    tables: z.array(tableSchema).default([]),
    /**
     * Glue database of the producer that holds the tables, e.g. `db1` of the secure lake;
     * required to share the product through lake-formation-central. The external account's
     * copy (lake-formation-external) always lives in its own database `<namePrefix>_<name>`.
     */
    database: catalogName.optional(),
    /** How a product whose store is redshift is shared through pattern 4 (see redshiftSharingSchema). */
    redshift: z.lazy(() => redshiftSharingSchema).optional(),
    /** Pattern 1: how long the product's Data Exchange revisions stay available (see dataExchangeSchema). */
    dataExchange: z.lazy(() => dataExchangeSchema).optional(),
    /** Patterns 1 and 3: when the producer publishes the product's snapshot (see publishSchema). */
    publish: z.lazy(() => publishSchema).optional(),
    /** Pattern 5's export of a product kept in Redshift to API partners (see microbatchSchema). */
    microbatch: z.lazy(() => microbatchSchema).optional(),
});

/**
 * Pattern 5 for a product kept in Redshift: a scheduled function exports the rows added to
 * each of its tables since the last run, PII redacted, to `<product>/<table>/` of
 * Published Datasets, from where replication carries them to the partner API's bucket.
 */
export const microbatchSchema = z.strictObject({
    /** A column of every table whose values only grow as rows are added (an identity id, an event time). */
    watermarkColumn: catalogName,
    /** EventBridge schedule of the export. @default "rate(15 minutes)" */
    schedule: z
        .string()
        .regex(/^(rate\(\d+ (minute|minutes|hour|hours|day|days)\)|cron\([^)]+\))$/, { error: (iss) => `${JSON.stringify(iss.input)} is not a schedule: use "rate(15 minutes)" or a cron(...) expression` })
        .default("rate(15 minutes)"),
    /** Most rows exported per run and table. @default 10000 */
    batchLimit: z.number().int().min(1).max(100000).default(10000),
    /**
     * For a time watermark (`timestamp` or `date`): rows stamped in the last seconds wait for a
     * later run, so a load that commits late is not skipped. Only for time columns: an id has
     * no "late". @default 300 for a time watermark
     */
    settleSeconds: z.number().int().min(0).max(86400).optional(),
});

/**
 * Pattern 1 for one product: how long its Data Exchange revisions stay available. Each
 * snapshot the producer publishes becomes a finalized revision once it reaches the external
 * account; the oldest ones beyond `retainRevisions` are revoked.
 */
/** Revisions a product keeps available unless the topology says otherwise. */
export const DEFAULT_RETAIN_REVISIONS = 30;

export const dataExchangeSchema = z.strictObject({
    /** Finalized revisions kept available to grantees; older ones are revoked. @default 30 */
    retainRevisions: z
        .number({ error: "must be a whole number of revisions, e.g. 30" })
        .int({ error: "must be a whole number of revisions, e.g. 30" })
        .min(1, { error: "keep at least 1 revision: grantees read the finalized revisions only" })
        .max(1000, { error: "keep at most 1000 revisions (each revoked one stays listed)" })
        .default(DEFAULT_RETAIN_REVISIONS),
    /** Removed: revisions are made from each published snapshot's manifest, not from listed objects. */
    objects: z
        .unknown()
        .refine(() => false, {
            error:
                "is no longer read: each snapshot the producer publishes (dataProducts[].publish) becomes a revision by itself once its manifest reaches the external account, " +
                "and objects listed here were never written by anything. Remove objects (and see docs/configuration.md, \"Publishing\")",
        })
        .optional(),
});

/** The one cron form a daily snapshot takes: a fixed minute and hour (UTC), any days. */
const DAILY_CRON = /^cron\((\d{1,2}) (\d{1,2}) (\S+) (\S+) (\S+) (\S+)\)$/;

/** Whether a Glue schedule runs at most once a day, at a fixed minute and hour. */
export function isDailyCron(expression: string): boolean {
    const m = DAILY_CRON.exec(expression);
    return m !== null && Number(m[1]) <= 59 && Number(m[2]) <= 23 && (m[3] === "?" || m[5] === "?");
}

/** When a product's publish job runs unless the topology says otherwise: daily, 05:00 UTC. */
export const DEFAULT_PUBLISH_SCHEDULE = "cron(0 5 * * ? *)";

/**
 * Patterns 1 and 3 for one product: when the producer's Glue job exports its tables from the
 * lake into Published Datasets (`<product>/<table>/snapshot=<date>/`, PII columns dropped).
 */
export const publishSchema = z.strictObject({
    /**
     * Glue schedule of the publish job, in UTC. A snapshot is one day's (`snapshot=<date>`),
     * so the job runs at most once a day: a fixed minute and hour. @default "cron(0 5 * * ? *)"
     */
    schedule: z
        .string({ error: 'must be a Glue cron expression such as "cron(0 5 * * ? *)" (daily at 05:00 UTC)' })
        .refine(isDailyCron, {
            error: (iss) =>
                `${JSON.stringify(iss.input)} is not a daily Glue schedule: each run publishes the snapshot of its day (snapshot=<date>), so give a fixed minute and hour, ` +
                'e.g. "cron(0 5 * * ? *)" (05:00 UTC every day) or "cron(30 6 ? * MON-FRI *)" (06:30 UTC on weekdays)',
        })
        .default(DEFAULT_PUBLISH_SCHEDULE),
});

/**
 * Pattern 4 for one product kept in Redshift. Option A (`direct`): the producer's warehouse
 * shares it. Option B (`external-copy`): a scheduled Glue job copies its tables into the
 * external account's warehouse, which shares them, so no consumer reaches production.
 */
export const redshiftSharingSchema = z.strictObject({
    /** `direct` (option A) or `external-copy` (option B). @default "direct" */
    option: z
        .enum(["direct", "external-copy"], {
            error: (iss) => `${JSON.stringify(iss.input)} is not a Redshift sharing option: use direct (option A, from the producer's warehouse) or external-copy (option B, from a copy in the external account)`,
        })
        .default("direct"),
    /** Schema of the producer's warehouse that holds the product's tables (and of the copy). @default the product name */
    schema: catalogName.optional(),
    /**
     * Option B only: when the Glue job refreshes the copy, as an AWS Glue schedule expression.
     * @default "cron(0 * * * ? *)" (hourly)
     */
    copySchedule: z
        .string()
        .regex(/^cron\([^()]+\)$/, { error: (iss) => `${JSON.stringify(iss.input)} is not a Glue schedule: write a cron expression such as "cron(15 * * * ? *)" (every hour at :15)` })
        .optional(),
});

const vpcId = z.string().regex(/^vpc-[0-9a-f]{8,17}$/, { error: (iss) => `${JSON.stringify(iss.input)} is not a VPC id, e.g. "vpc-0a1b2c3d4e5f67890"` });
const routeTableId = z.string().regex(/^rtb-[0-9a-f]{8,17}$/, { error: (iss) => `${JSON.stringify(iss.input)} is not a route table id, e.g. "rtb-0a1b2c3d4e5f67890"` });

/** Pattern 6 for one consumer: what its access point allows, and from where. */
export const accessPointSchema = z.strictObject({
    /** Actions on the consumer's prefixes. @default ["s3:GetObject", "s3:ListBucket"] */
    actions: z
        .array(
            z.enum(["s3:GetObject", "s3:GetObjectVersion", "s3:GetObjectTagging", "s3:GetObjectVersionTagging", "s3:ListBucket"], {
                error: (iss) => `${JSON.stringify(iss.input)} is not a read action an access point grants: use s3:GetObject, s3:GetObjectVersion, s3:GetObjectTagging, s3:GetObjectVersionTagging or s3:ListBucket`,
            }),
        )
        .min(1, { error: "list at least one action, e.g. s3:GetObject" })
        .optional(),
    /**
     * The consumer's VPC (in the sharing bucket's region): the access point accepts requests
     * from it only (network origin VPC), and the consumer's stack adds an S3 gateway
     * endpoint there that reaches this access point only. @default undefined (network origin Internet)
     */
    vpc: z
        .strictObject({
            id: vpcId,
            /** Route tables of the subnets that read through the access point; the endpoint attaches to them. */
            routeTableIds: z.array(routeTableId).min(1, { error: "list the route tables of the subnets that read, e.g. [\"rtb-0a1b2c3d4e5f67890\"]" }),
        })
        .optional(),
});

/** A row-level rule Lake Formation tags cannot express: a data cells filter on one table. */
const rowFilterSchema = z.strictObject({
    table: catalogName,
    /** PartiQL row filter, e.g. `region = 'EU'`. */
    expression: z
        .string()
        .min(1)
        .max(2048)
        .refine((e) => !e.includes(";"), { error: "must be one PartiQL condition, without ';', e.g. \"region = 'EU'\"" }),
});

const productAccessSchema = z.strictObject(
    {
        name: catalogName,
        /** Narrows the consumer's patterns for this product; default: all of them. */
        patterns: z.array(patternId).min(1, { error: "list at least one pattern for this data product" }).optional(),
        /** Row-level filters (Lake Formation patterns); such a product is granted by name, not by tag. @default [] */
        rowFilters: z.array(rowFilterSchema).default([]),
    },
    { error: "must be a data product name or { name, patterns }" },
);

export const consumerSchema = z.strictObject({
    /** Short name; the consumer's stack defaults to `consumer-<name>`. */
    name: consumerName,
    /** AWS account id; omit for a partner that is not on AWS (then give deliveryEmail). */
    accountId: accountId.optional(),
    /** Consumer region; defaults to the producer's. */
    region: region.optional(),
    /** Pulumi organisation of the consumer's stack. */
    pulumiOrg: pulumiOrg.optional(),
    /** Stack name of the consumer's account; defaults to `consumer-<name>`. */
    stack: stackName.optional(),
    /** Whether the consumer account is in the producer's AWS Organization (no RAM invitation to accept). */
    sameOrganization: z.boolean({ error: "must be true or false" }).default(false),
    /** IAM roles or users in the consumer account that receive access. */
    principals: z.array(iamPrincipalArn).default([]),
    /** Pattern 6: actions and network origin of the consumer's access point. @default { actions: ["s3:GetObject", "s3:ListBucket"] } */
    accessPoint: accessPointSchema.optional(),
    /** Where results are e-mailed (partners not on AWS). */
    deliveryEmail: email.optional(),
    /** Sharing patterns this consumer uses. */
    patterns: z.array(patternId).min(1, { error: "list at least one pattern this consumer uses" }),
    /**
     * Data products this consumer may access: a name (shared through every pattern of the
     * consumer) or `{ name, patterns }` to narrow the patterns for that product.
     */
    dataProducts: z
        .array(z.preprocess((v) => (typeof v === "string" ? { name: v } : v), productAccessSchema))
        .min(1, { error: "list at least one data product this consumer may access" }),
    /** End of access; after it the consumer receives nothing and the next `pulumi up` revokes it. */
    accessEndsAt: endDate.optional(),
});

/**
 * Who may run `npm run verify` against every account: each stack's read-only verification
 * role trusts these principals (an auditor's role, a CI role), and only them.
 */
export const verificationSchema = z.strictObject({
    /**
     * IAM roles or users, in any account, that may assume each stack's verification role.
     * `*` may stand for any characters of the name (an SSO permission set's role).
     * @default [] (principals of each account itself whose own policy lets them assume it)
     */
    trustedPrincipals: z
        .array(
            z.string().regex(/^arn:aws(-[a-z]+)*:iam::\d{12}:(role|user)\/[\w+=,.@/*-]{1,512}$/, {
                error: (iss) => `${JSON.stringify(iss.input)} is not an IAM role or user ARN: use "arn:aws:iam::<account-id>:role/<name>" (a "*" may stand for part of the name)`,
            }),
        )
        .default([]),
});

export const topologySchema = z.strictObject({
    /** Prefix of every physical name. */
    namePrefix: z
        .string()
        .regex(/^[a-z](?:[a-z0-9]|-(?=[a-z0-9])){1,15}$/, {
            error: "must be 2-16 lower-case letters, digits or single '-' between them, starting with a letter, e.g. \"acme-share\" (names would otherwise hold '--', which S3 reserves)",
        })
        .refine((p) => !/^(sthree|amzn-s3-demo)/.test(p), { error: "S3 reserves bucket names starting with sthree- and amzn-s3-demo-: choose another prefix" })
        .default("datasharing"),
    accounts: z.strictObject({
        producer: accountSchema,
        governance: accountSchema.optional(),
        external: accountSchema.optional(),
    }),
    patterns: z.strictObject({
        /** Patterns switched on for this deployment. */
        enabled: z.array(patternId).min(1, { error: "enable at least one pattern" }),
        /** Lake Formation settings shared by every account of patterns 2 and 3. */
        lakeFormation: z
            .strictObject({
                /** Cross-account version of the Data Catalog settings (4: RAM shares, LF-tags, hybrid access). @default "4" */
                crossAccountVersion: z.enum(["1", "2", "3", "4"], { error: "must be \"1\", \"2\", \"3\" or \"4\" (quoted)" }).default("4"),
                /** Pattern 2: also grant the producer's tables directly to each consumer's principals, beside the account grant. @default false */
                directPrincipalGrants: z.boolean().default(false),
                /**
                 * How tables are granted: `tags`, one LF-tag expression grant per consumer account and
                 * principal whatever the number of tables, or `names`, one grant per table for each of
                 * them (the hand-made way: the same access, but it grows with consumers times tables;
                 * docs/benchmarks.md). Products with row filters are always granted by name. @default "tags"
                 */
                grantBy: z.enum(["tags", "names"], { error: (iss) => `${JSON.stringify(iss.input)} is not a grant model: use tags (LF-tag expressions) or names (one grant per table)` }).default("tags"),
            })
            .default({ crossAccountVersion: "4", directPrincipalGrants: false, grantBy: "tags" }),
        /** Pattern 6: whose Published Datasets bucket the access points are on. @default "external" when the external account is declared, else "producer" */
        accessPoints: z
            .strictObject({
                account: z.enum(["producer", "external"], { error: (iss) => `${JSON.stringify(iss.input)} is not a sharing account: use external or producer` }).optional(),
            })
            .default({}),
        /** Pattern 3's replication of Published Datasets into the external account. */
        replication: z
            .strictObject({
                /** Replication metrics and events. @default false */
                metrics: z.boolean().default(false),
                /** S3 Replication Time Control (15-minute SLA, extra cost); turns metrics on. @default false */
                replicationTimeControl: z.boolean().default(false),
            })
            .default({ metrics: false, replicationTimeControl: false }),
    }),
    dataProducts: z.array(dataProductSchema).min(1, { error: "declare at least one data product" }),
    consumers: z.array(consumerSchema).default([]),
    /** Who may assume the verification role of every stack (npm run verify). @default { trustedPrincipals: [] } */
    verification: verificationSchema.default({ trustedPrincipals: [] }),
});

export type AccountInput = z.input<typeof accountSchema>;
export type TopologyInput = z.input<typeof topologySchema>;
export type ParsedTopology = z.output<typeof topologySchema>;
export type ParsedAccount = z.output<typeof accountSchema>;
export type DataProduct = z.output<typeof dataProductSchema>;
export type Table = z.output<typeof tableSchema>;
export type Column = z.output<typeof columnSchema>;
export type ParsedConsumer = z.output<typeof consumerSchema>;
export type RedshiftSharing = z.output<typeof redshiftSharingSchema>;
export type AccessPointSettings = z.output<typeof accessPointSchema>;
export type MicrobatchSettings = z.output<typeof microbatchSchema>;
export type PublishSettings = z.output<typeof publishSchema>;
