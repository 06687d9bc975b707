import { Classification, DataStructure, PatternId } from "./patterns";
import { Column, ConsumerFields, DataProduct, ParsedAccount, ParsedConsumer, ParsedTopology, PatternSections, ProductAccessFields, Table } from "./schema";

/**
 * The validated topology every stack and component works from. Defaults are resolved
 * (stack names, consumer regions) so no component repeats a fallback.
 */

export type FixedRole = "producer" | "governance" | "external";
export type AccountRole = FixedRole | "consumer";

export const FIXED_ROLES: readonly FixedRole[] = ["producer", "governance", "external"];

export interface Account {
    /** The role this account plays. */
    readonly role: AccountRole;
    /** The 12-digit AWS account id. */
    readonly accountId: string;
    /** Home region of the account's stack. */
    readonly region: string;
    /** Pulumi organisation that owns the account's stack. */
    readonly pulumiOrg: string;
    /** Stack name, resolved: the account role unless the topology names one. */
    readonly stack: string;
    /** AWS Organizations id ("o-..."), when declared; undefined otherwise. */
    readonly organizationId?: string;
}

/** A data product shared with one consumer, through the patterns that apply to it, with what the patterns add. */
export type ProductAccess = {
    readonly product: string;
    readonly patterns: readonly PatternId[];
} & Readonly<ProductAccessFields>;

/** A consumer, with what the patterns add (its folder's `ConsumerFields`). */
export type Consumer = ConsumerBase & Readonly<ConsumerFields>;

interface ConsumerBase {
    readonly name: string;
    /** Present for consumers on AWS; absent for partners served only by the API pattern. */
    readonly account?: Account & { readonly sameOrganization: boolean };
    readonly principals: readonly string[];
    readonly deliveryEmail?: string;
    readonly patterns: readonly PatternId[];
    readonly access: readonly ProductAccess[];
    /** Instant access ends; undefined for open-ended access. */
    readonly accessEndsAt?: Date;
    /** The end date as declared, for people to read. */
    readonly accessEndsAtDeclared?: string;
}

/** The topology, with each pattern's section of `patterns:` (its folder's `PatternSections`) beside the base fields. */
export type Topology = TopologyBase & Readonly<PatternSections>;

interface TopologyBase {
    readonly namePrefix: string;
    readonly producer: Account;
    readonly governance?: Account;
    readonly external?: Account;
    readonly enabledPatterns: readonly PatternId[];
    readonly dataProducts: readonly DataProduct[];
    readonly consumers: readonly Consumer[];
    /** Principals each stack's read-only verification role trusts (npm run verify). */
    readonly verification: { readonly trustedPrincipals: readonly string[] };
    /**
     * Choices that go against a preference of reference/000's decision tree (the config is
     * valid): each stack logs them as warnings and the plan lists them. Keys are full paths.
     */
    readonly adviceWarnings: readonly { readonly key: string; readonly message: string }[];
}

export type { Classification, Column, DataProduct, DataStructure, PatternId, Table };

/** "2027-06-30" means access through the end of that day, UTC. */
export function parseEndDate(value: string): Date {
    if (value.length === 10) {
        const start = Date.parse(`${value}T00:00:00Z`);
        return new Date(start + 24 * 60 * 60 * 1000);
    }
    return new Date(value);
}

function account(role: AccountRole, a: ParsedAccount): Account {
    return { role, accountId: a.accountId, region: a.region, pulumiOrg: a.pulumiOrg, stack: a.stack ?? role, organizationId: a.organizationId };
}

export function defaultConsumerStack(name: string): string {
    return `consumer-${name}`;
}

function consumer(parsed: ParsedConsumer, producer: Account): Consumer {
    // What the patterns add to a consumer, and to each product it lists, passes through as declared.
    const { name, accountId, region, pulumiOrg, stack, sameOrganization, principals, deliveryEmail, patterns, dataProducts, accessEndsAt, ...fields } = parsed;
    const c = { name, accountId, region, pulumiOrg, stack, sameOrganization, principals, deliveryEmail, patterns, dataProducts, accessEndsAt };
    return {
        name: c.name,
        account:
            c.accountId === undefined
                ? undefined
                : {
                      role: "consumer",
                      accountId: c.accountId,
                      region: c.region ?? producer.region,
                      pulumiOrg: c.pulumiOrg ?? producer.pulumiOrg,
                      stack: c.stack ?? defaultConsumerStack(c.name),
                      sameOrganization: c.sameOrganization,
                  },
        principals: c.principals,
        deliveryEmail: c.deliveryEmail,
        patterns: c.patterns,
        access: c.dataProducts.map(({ name: product, patterns: narrowed, ...accessFields }) => ({
            product,
            patterns: narrowed ?? c.patterns,
            ...accessFields,
        })),
        accessEndsAt: c.accessEndsAt === undefined ? undefined : parseEndDate(c.accessEndsAt),
        accessEndsAtDeclared: c.accessEndsAt,
        ...fields,
    };
}

/**
 * Builds the model from a topology that has passed the schema and the rules.
 * @param adviceWarnings the advisor's warnings, with their full config keys
 */
export function toModel(t: ParsedTopology, adviceWarnings: Topology["adviceWarnings"] = []): Topology {
    const producer = account("producer", t.accounts.producer);
    const { enabled, ...sections } = t.patterns;
    return {
        namePrefix: t.namePrefix,
        producer,
        governance: t.accounts.governance && account("governance", t.accounts.governance),
        external: t.accounts.external && account("external", t.accounts.external),
        enabledPatterns: enabled,
        ...(sections as PatternSections),
        dataProducts: t.dataProducts,
        consumers: t.consumers.map((c) => consumer(c, producer)),
        verification: t.verification,
        adviceWarnings,
    };
}

/** Every account of the topology with a stack: fixed roles first, then AWS consumers. */
export function stackAccounts(t: Topology): Account[] {
    const fixed = [t.producer, t.governance, t.external].filter((a): a is Account => a !== undefined);
    return [...fixed, ...t.consumers.flatMap((c) => (c.account ? [c.account] : []))];
}

export function findProduct(t: Topology, name: string): DataProduct {
    const product = t.dataProducts.find((p) => p.name === name);
    if (!product) {
        throw new Error(`data product ${name} is not in the topology`);
    }
    return product;
}

/** The producer's Glue database holding a product's tables. */
export function productDatabase(t: Pick<Topology, "namePrefix">, product: Pick<DataProduct, "name" | "database">): string {
    return product.database ?? `${t.namePrefix.replace(/-/g, "_")}_${product.name}`;
}
