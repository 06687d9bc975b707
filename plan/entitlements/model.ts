import { PatternId } from "../../core/topology/model";

/**
 * One line of the entitlement report: who can reach what, through which path, until when.
 * Rows are read from what the stacks register, not from the topology's intent, so the
 * report is what a reviewer signs off before `pulumi up`; the one exception (an API partner
 * the topology declares but no stack registers yet) says so in `basis`.
 */

/**
 * The kinds of path a row may be reached through. The two every account has are here; each
 * pattern adds its own (its folder's `report.ts`: `declare module "../../plan/entitlements/model"
 * { interface AccessPaths { "s3 access point": true } }`), with its label in `PatternReport.paths`.
 */
export interface AccessPaths {
    "lake-formation (named)": true;
    "lake-formation (LF-tags)": true;
    "lake-formation (cells filter)": true;
    "redshift datashare": true;
    "s3 bucket policy": true;
    "partner api": true;
    "kms key policy": true;
}

export type AccessPath = keyof AccessPaths & string;

export interface Entitlement {
    /** The consumer (or "producer" for the producer's own principals). */
    readonly consumer: string;
    /** Who: an IAM principal ARN, an account id, or a partner's registered e-mail address. */
    readonly principal: string;
    readonly principalAccount?: string;
    /** Account that owns what is reached and grants it. */
    readonly grantorAccount: string;
    /**
     * Account whose grant the principal holds, where another than the owner passes access on
     * (a consumer's admin granting what its account received); undefined when the owner granted it.
     */
    readonly grantedBy?: string;
    readonly path: AccessPath;
    /** Pattern of reference/000 the path serves; undefined for an account's own principals and key grants. */
    readonly pattern?: PatternId;
    /** Data product, when the path names one. */
    readonly product?: string;
    /** Classification of that product. */
    readonly classification?: string;
    /** What is reached: a table, a folder, a database, a key. */
    readonly resource: string;
    /** Permissions or actions. */
    readonly actions: readonly string[];
    /** Columns readable, for table grants. */
    readonly columns?: readonly string[];
    /** Columns of the table left out. */
    readonly excludedColumns?: readonly string[];
    readonly rowFilter?: string;
    /** Conditions that narrow the access (network origin, via service, ...). */
    readonly conditions?: string;
    /** End of access as declared, or undefined for open-ended access. */
    readonly endsAt?: string;
    readonly status: "active" | "expired";
    /**
     * `registered`: read from a resource a stack registers. `declared`: only the topology
     * says so (a partner whose API is not registered yet), so a reviewer knows not to sign
     * it off as built.
     */
    readonly basis: "registered" | "declared";
}

export interface EntitlementReport {
    readonly project: string;
    readonly accessAsOf: string;
    readonly entitlements: readonly Entitlement[];
}
