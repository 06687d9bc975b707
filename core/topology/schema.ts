import { z } from "zod";
import { isoInstantProblem } from "../iso-instant";
import { Region } from "@pulumi/aws/types/enums";
import { isColumnType } from "./column-type";
import { PatternId } from "./patterns";

/**
 * The shape of the `datasharing:topology` project config: what every pattern reads (accounts,
 * data products, consumers), to which each pattern adds its own fields (its folder's
 * `config.ts`), composed by `composeTopologySchema`. Field-level checks live here; rules that
 * relate fields to each other live in `rules.ts` and the patterns' rules. Every message says
 * what is wrong and how to fix it, because it is shown to a person running `pulumi up`.
 */

export const ACCOUNT_ID_PATTERN = /^\d{12}$/;

const accountId = z
    .string({
        error: (iss) =>
            iss.input === undefined
                ? 'is required: the 12-digit AWS account id, quoted, e.g. "123456789012"'
                : `must be a quoted 12-digit string, got ${typeof iss.input} ${JSON.stringify(iss.input)}: ` +
                  'YAML reads an unquoted id as a number and drops leading zeros; write it in quotes, e.g. "012345678901"',
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
    .refine((r) => AWS_REGIONS.includes(r), {
        error: (iss) => `${JSON.stringify(iss.input)} is not an AWS region: check the spelling, e.g. "eu-west-1" or "us-east-1"`,
    });

const pulumiOrg = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/, {
    error: "must be a Pulumi organisation name (letters, digits, '-', '_', '.'), e.g. \"acme-data\"",
});

const stackName = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/, {
    error: "must be a Pulumi stack name (letters, digits, '-', '_', '.'), e.g. \"producer\"",
});

/** Names that end up in Glue, Lake Formation and S3 prefixes: lower case, no spaces. */
export const catalogName = z.string().regex(/^[a-z][a-z0-9_]{0,62}$/, {
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
const endDate = z.string({ error: 'must be a quoted ISO date such as "2027-06-30" or timestamp such as "2027-06-30T17:00:00Z"' }).superRefine((s, ctx) => {
    const problem = isoInstantProblem(s);
    if (problem)
        ctx.addIssue({
            code: "custom",
            message: problem.replace(/^(.* is not an ISO date): write "YYYY-MM-DD"/, '$1: write "YYYY-MM-DD" (access ends at the end of that day, UTC)'),
        });
});

const iamPrincipalArn = z.string().regex(/^arn:aws(-[a-z]+)*:iam::\d{12}:(role|user)\/[\w+=,.@/-]{1,512}$/, {
    error: (iss) => `${JSON.stringify(iss.input)} is not an IAM role or user ARN: use "arn:aws:iam::<account-id>:role/<name>"`,
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
        .regex(/^o-[a-z0-9]{10,32}$/, { error: 'must be an AWS Organizations id such as "o-a1b2c3d4e5"' })
        .optional(),
});

export const columnSchema = z.strictObject({
    name: catalogName,
    /** Glue/Hive type of the column. */
    type: z
        .string()
        .refine(isColumnType, {
            error: (iss) =>
                `${JSON.stringify(iss.input)} is not one Glue column type: use a type such as "string", "int", "bigint", "timestamp", "decimal(10,2)" or "array<string>"`,
        })
        .default("string"),
    /** Personally identifiable: redacted by the API pattern, excludable in grants. */
    pii: z.boolean({ error: "must be true or false" }).default(false),
});

export const tableSchema = z.strictObject({
    name: catalogName,
    columns: z.array(columnSchema).min(1, { error: "list at least one column" }),
});

const dataProductSchema = z.strictObject({
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
    store: z.enum(["s3", "redshift"], { error: (iss) => `${JSON.stringify(iss.input)} is not a store: use s3 or redshift` }).default("s3"),
    /** Tables of a structured product. */
    tables: z.array(tableSchema).default([]),
    /**
     * Glue database of the producer that holds the tables, e.g. `db1` of the secure lake;
     * required to share the product through lake-formation-central. The external account's
     * copy (lake-formation-external) always lives in its own database `<namePrefix>_<name>`.
     */
    database: catalogName.optional(),
});

/**
 * Who may run `npm run verify` against every account: each stack's read-only verification
 * role trusts these principals (an auditor's role, a CI role), and only them.
 */
const verificationSchema = z.strictObject({
    /**
     * IAM roles or users, in any account, that may assume each stack's verification role.
     * `*` may stand for any characters of the name (an SSO permission set's role).
     * @default [] (principals of each account itself whose own policy lets them assume it)
     */
    trustedPrincipals: z
        .array(
            z.string().regex(/^arn:aws(-[a-z]+)*:iam::\d{12}:(role|user)\/[\w+=,.@/*-]{1,512}$/, {
                error: (iss) =>
                    `${JSON.stringify(iss.input)} is not an IAM role or user ARN: use "arn:aws:iam::<account-id>:role/<name>" (a "*" may stand for part of the name)`,
            }),
        )
        .default([]),
});

/**
 * Fields a pattern adds to each data product, declared by its folder's `config.ts`:
 * `declare module "../../core/topology/schema" { interface DataProductFields { redshift?: RedshiftSharing } }`.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by the patterns' declarations
export interface DataProductFields {}
/** Fields a pattern adds to each consumer. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by the patterns' declarations
export interface ConsumerFields {}
/** Fields a pattern adds to each data product a consumer lists (`{ name, patterns, ... }`). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by the patterns' declarations
export interface ProductAccessFields {}
/** Sections a pattern adds under `patterns:`, each with its defaults. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by the patterns' declarations
export interface PatternSections {}

/** The zod shapes the registered patterns add, by where they go. */
export interface TopologyShapes {
    /** Every registered pattern's id, in the order of their numbers. */
    readonly ids: readonly PatternId[];
    /** Fields the patterns add to each data product. */
    readonly product: z.ZodRawShape;
    /** Fields the patterns add to each consumer. */
    readonly consumer: z.ZodRawShape;
    /** Fields the patterns add to each data product a consumer lists. */
    readonly access: z.ZodRawShape;
    /** Sections the patterns add under `patterns:`. */
    readonly sections: z.ZodRawShape;
}

/** The base shapes, with a pattern id of the registered ones; pattern fields go where `extra` says. */
function baseShapes(patternId: z.ZodType<PatternId>, extra: Omit<TopologyShapes, "ids" | "product" | "sections"> = { consumer: {}, access: {} }) {
    const productAccess = z.strictObject(
        {
            name: catalogName,
            /** Narrows the consumer's patterns for this product; default: all of them. */
            patterns: z.array(patternId).min(1, { error: "list at least one pattern for this data product" }).optional(),
            ...extra.access,
        },
        { error: "must be a data product name or { name, patterns }" },
    );
    const consumer = {
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
        ...extra.consumer,
        /** Where results are e-mailed (partners not on AWS). */
        deliveryEmail: email.optional(),
        /** Sharing patterns this consumer uses. */
        patterns: z.array(patternId).min(1, { error: "list at least one pattern this consumer uses" }),
        /**
         * Data products this consumer may access: a name (shared through every pattern of the
         * consumer) or `{ name, patterns }` to narrow the patterns for that product.
         */
        dataProducts: z
            .array(z.preprocess((v) => (typeof v === "string" ? { name: v } : v), productAccess))
            .min(1, { error: "list at least one data product this consumer may access" }),
        /** End of access; after it the consumer receives nothing and the next `pulumi up` revokes it. */
        accessEndsAt: endDate.optional(),
    };
    return { productAccess, consumer };
}

/** The `patterns:` section's `enabled`; each pattern adds its own section beside it. */
function enabledPatterns(patternId: z.ZodType<PatternId>) {
    /** Patterns switched on for this deployment. */
    return z.array(patternId).min(1, { error: "enable at least one pattern" });
}

const topologyShape = {
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
};

/**
 * The whole `datasharing:topology` schema: the base fields, with the patterns' fields where
 * each belongs. The registered patterns (patterns/index.ts) compose it once.
 */
export function composeTopologySchema(shapes: TopologyShapes): z.ZodType<ParsedTopology> {
    const [first, ...rest] = shapes.ids;
    if (first === undefined) throw new Error("composeTopologySchema: no pattern is registered");
    const patternId = z.enum([first, ...rest], {
        error: (iss) => `unknown pattern ${JSON.stringify(iss.input)}: use one of ${shapes.ids.join(", ")}`,
    });
    const { consumer } = baseShapes(patternId, shapes);
    const schema = z.strictObject({
        ...topologyShape,
        patterns: z.strictObject({ enabled: enabledPatterns(patternId), ...shapes.sections }),
        dataProducts: z.array(dataProductSchema.extend(shapes.product)).min(1, { error: "declare at least one data product" }),
        consumers: z.array(z.strictObject(consumer)).default([]),
        /** Who may assume the verification role of every stack (npm run verify). @default { trustedPrincipals: [] } */
        verification: verificationSchema.prefault({}),
    });
    return schema as unknown as z.ZodType<ParsedTopology>;
}

/** The base shapes as types: the pattern fields come from the declarations above. */
// eslint-disable-next-line @typescript-eslint/no-unused-vars -- a value built only for its type
const typed = baseShapes(z.custom<PatternId>());
type BaseConsumer = z.output<z.ZodObject<typeof typed.consumer>>;
type BaseTopology = z.output<z.ZodObject<typeof topologyShape>>;

export type AccountInput = z.input<typeof accountSchema>;
export type ParsedAccount = z.output<typeof accountSchema>;
export type DataProduct = z.output<typeof dataProductSchema> & DataProductFields;
export type Table = z.output<typeof tableSchema>;
export type Column = z.output<typeof columnSchema>;
export type ParsedProductAccess = Omit<z.output<typeof typed.productAccess>, never> & ProductAccessFields;
export type ParsedConsumer = Omit<BaseConsumer, "dataProducts"> & { dataProducts: ParsedProductAccess[] } & ConsumerFields;

export interface ParsedTopology extends BaseTopology {
    /** The enabled patterns, and each pattern's section with its defaults. */
    readonly patterns: { enabled: PatternId[] } & PatternSections;
    /** The data products, with the patterns' fields. */
    readonly dataProducts: DataProduct[];
    /** The consumers, with the patterns' fields. */
    readonly consumers: ParsedConsumer[];
    /** Who may run `npm run verify` against every account. */
    readonly verification: z.output<typeof verificationSchema>;
}
