import { z } from "zod";
import { ConfigProblem } from "../../core/config-error";
import { arn, contractAccountId } from "../../core/contract/exports";
import { StackCheck } from "../../core/pattern";
import { NAMESPACE } from "../../core/stack/namespace";
import { RuleProblem, TopologyRule } from "../../core/topology/problem";
import { catalogName } from "../../core/topology/schema";

/**
 * Pattern 4's configuration: how a product kept in Redshift is shared (`dataProducts[].redshift`),
 * the datashares and copy target a sharing account exports, and the rules over both.
 */

/**
 * Pattern 4 for one product kept in Redshift. Option A (`direct`): the producer's warehouse
 * shares it. Option B (`external-copy`): a scheduled Glue job copies its tables into the
 * external account's warehouse, which shares them, so no consumer reaches production.
 */
export const redshiftSharingSchema = z.strictObject({
    /** `direct` (option A) or `external-copy` (option B). @default "direct" */
    option: z
        .enum(["direct", "external-copy"], {
            error: (iss) =>
                `${JSON.stringify(iss.input)} is not a Redshift sharing option: use direct (option A, from the producer's warehouse) or external-copy (option B, from a copy in the external account)`,
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
        .regex(/^cron\([^()]+\)$/, {
            error: (iss) => `${JSON.stringify(iss.input)} is not a Glue schedule: write a cron expression such as "cron(15 * * * ? *)" (every hour at :15)`,
        })
        .optional(),
});

export type RedshiftSharing = z.output<typeof redshiftSharingSchema>;

const namespaceId = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, { error: "must be a Redshift namespace id (a UUID)" });

/**
 * The datashares a sharing warehouse offers, by data product. Consumers need all three
 * values for `CREATE DATABASE ... FROM DATASHARE ... OF ACCOUNT ... NAMESPACE`. Present
 * only on a stack that has a warehouse sharing something.
 */
const datashareFields = {
    datashares: z
        .record(
            z.string(),
            z.strictObject({
                /** ARN the consumer associates. */
                arn,
                /** Namespace of the sharing warehouse. */
                namespaceId,
                /** Account that owns the datashare. */
                accountId: contractAccountId,
            }),
        )
        .optional(),
};

/** Option B: where the producer's copy job writes, in the external account. */
const copyTargetFields = {
    copyTarget: z
        .strictObject({
            clusterIdentifier: z.string().min(1),
            database: z.string().min(1),
            /** Secret of the `copy_writer` user; only the producer's copy role may read it. */
            writerSecretArn: arn,
            writerKeyArn: arn,
        })
        .optional(),
};

/** What the producer and the external account export: datashares, and option B's copy target. */
export const REDSHIFT_CONTRACT = {
    producer: datashareFields,
    external: { ...datashareFields, ...copyTargetFields },
};

/** The datashares of a sharing account, by data product. */
export type Datashares = NonNullable<z.output<typeof datashareFields.datashares>>;
/** Option B's copy target in the external account. */
export type CopyTarget = NonNullable<z.output<typeof copyTargetFields.copyTarget>>;

declare module "../../core/topology/schema" {
    interface DataProductFields {
        /** How a product whose store is redshift is shared through pattern 4 (see redshiftSharingSchema). */
        redshift?: RedshiftSharing;
    }
}

declare module "../../core/contract/exports" {
    interface ProducerContractFields {
        datashares?: Datashares;
    }
    interface ExternalContractFields {
        datashares?: Datashares;
        copyTarget?: CopyTarget;
    }
}

/** Pattern 4 settings belong to products kept in Redshift, and option B needs the external account. */
const redshiftSharing: TopologyRule = (t, catalog) => {
    const problems: RuleProblem[] = [];
    t.dataProducts.forEach((p, i) => {
        const at = (...rest: string[]) => ["dataProducts", i, "redshift", ...rest];
        if (p.redshift && p.store !== "redshift") {
            problems.push({
                path: at(),
                message: `"${p.name}" is kept in ${p.store}; Redshift sharing settings apply to store: redshift only: remove redshift, or set store: redshift`,
            });
        }
        if (p.redshift?.option === "external-copy" && !t.accounts.external) {
            problems.push({
                path: at("option"),
                message: "option B copies the tables into the external sharing account's warehouse: declare accounts.external, or use option: direct",
            });
        }
        if (p.redshift?.copySchedule && p.redshift.option !== "external-copy") {
            problems.push({
                path: at("copySchedule"),
                message: "only option B (external-copy) copies tables on a schedule: remove copySchedule, or set option: external-copy",
            });
        }
    });
    const products = new Map(t.dataProducts.map((p) => [p.name, p]));
    t.consumers.forEach((c, ci) =>
        c.dataProducts.forEach((access, ai) => {
            const product = products.get(access.name);
            const patterns = access.patterns ?? c.patterns;
            if (product && product.store !== "redshift" && patterns.includes("redshift-datashare")) {
                const narrow = access.patterns === undefined ? ` (or narrow this entry to { name: ${product.name}, patterns: [...] })` : "";
                problems.push({
                    path: ["consumers", ci, "dataProducts", ai],
                    message: `${catalog.describe("redshift-datashare")} shares tables kept in Redshift, and "${product.name}" is kept in ${product.store}: set its store: redshift, or share it through another pattern${narrow}`,
                });
            }
        }),
    );
    return problems;
};

/** Pattern 4's topology rules. */
export const REDSHIFT_RULES: readonly TopologyRule[] = [redshiftSharing];

/**
 * What pattern 4 asks of the account's warehouse beside where it is needed: option B's copy
 * job reaches the external warehouse through a Redshift-managed VPC endpoint, so that one
 * is a provisioned cluster this stack builds. An existing warehouse serves the datashares
 * made in it (option A, and a consumer's received ones); what needs one this program builds
 * (option B's copy job, pattern 5's export) refuses it.
 */
export function warehouseChecks(stack: StackCheck): ConfigProblem[] {
    const { topology, identity, settings } = stack;
    const key = `${NAMESPACE}:warehouse`;
    const needed = stack.patterns.some((p) => p.warehouse?.needed(topology, identity.role, identity.consumer?.name));
    if (!needed) return [];
    const existing = settings.warehouse.existing;
    if (identity.role === "external" && existing) {
        return [
            {
                key: `${key}.existing`,
                message:
                    "option B's landing warehouse is built by this stack (an RA3 cluster with relocation on, which the producer's copy job reaches through a managed VPC endpoint): remove existing",
            },
        ];
    }
    if (identity.role === "external" && settings.warehouse.kind !== "provisioned") {
        return [
            {
                key: `${key}.kind`,
                message:
                    "option B's copy job reaches the external warehouse through a Redshift-managed VPC endpoint, which Redshift grants to another account for provisioned clusters only: set kind: provisioned",
            },
        ];
    }
    const needs = existing ? stack.patterns.flatMap((p) => p.warehouse?.built?.(topology, identity.role) ?? []) : [];
    if (needs.length > 0) {
        return [
            {
                key: `${key}.existing`,
                message: `${needs.join("; ")}: an existing warehouse serves option A's datashares only. Remove existing, or share these products with option A`,
            },
        ];
    }
    return [];
}
