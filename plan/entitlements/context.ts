import { isExpired } from "../../core/access";
import { Consumer, Topology, productDatabase } from "../../core/topology/model";
import { Entitlement } from "./model";

/**
 * What every collector asks of the topology: who an account or principal is, which product
 * a database or folder holds, and the classification and end date a row carries. One place,
 * so every path kind labels its rows the same way.
 */
export class EntitlementContext {
    constructor(
        readonly topology: Topology,
        readonly asOf: Date,
    ) {}

    consumerOfAccount(accountId: string | undefined): Consumer | undefined {
        return accountId === undefined ? undefined : this.topology.consumers.find((c) => c.account?.accountId === accountId);
    }

    consumerNamed(name: string | undefined): Consumer | undefined {
        return this.topology.consumers.find((c) => c.name === name);
    }

    /** The consumer facts of a row: name, end date and status; an account's own principals are named by its role. */
    who(consumer: Consumer | undefined, accountId?: string): Pick<Entitlement, "consumer" | "endsAt" | "status"> {
        if (!consumer) return { consumer: this.roleOf(accountId), status: "active" };
        return { consumer: consumer.name, endsAt: consumer.accessEndsAtDeclared, status: isExpired(consumer, this.asOf) ? "expired" : "active" };
    }

    private roleOf(accountId: string | undefined): string {
        const { producer, external, governance } = this.topology;
        const role = [producer, external, governance].find((a) => a !== undefined && a.accountId === accountId)?.role;
        return role ?? `account ${accountId ?? "?"}`;
    }

    product(name: string | undefined): Pick<Entitlement, "product" | "classification"> {
        const product = this.topology.dataProducts.find((p) => p.name === name);
        return product ? { product: product.name, classification: product.classification } : name ? { product: name } : {};
    }

    /**
     * The product that shares this table: its database is the product's (the producer's, or
     * the replica's default-named one) and the product declares the table. The lake's raw
     * tables (`db1.cards`) share a database with a product but belong to none.
     */
    productOfTable(database: string | undefined, table: string | undefined): string | undefined {
        const { topology } = this;
        return topology.dataProducts.find(
            (p) => (p.database === database || productDatabase(topology, { name: p.name }) === database) && p.tables.some((t) => t.name === table),
        )?.name;
    }

    /** The product whose folder a key or prefix is in. */
    productOfPrefix(prefix: string): string | undefined {
        return this.topology.dataProducts.find((p) => prefix === p.name || prefix.startsWith(`${p.name}/`))?.name;
    }
}

/** The account of an ARN (`arn:aws:iam::123456789012:role/x`), if it names one. */
export function accountOfArn(arn: string): string | undefined {
    return /^arn:[^:]+:[^:]+:[^:]*:(\d{12}):/.exec(arn)?.[1];
}

/** A JSON input (a policy, a registry) as the program passed it: text or an object. */
export const jsonInput = (v: unknown): any => (typeof v === "string" ? JSON.parse(v) : v);

/** An IAM policy value that may be one string or a list. */
export const asList = (v: unknown): string[] => (v === undefined ? [] : Array.isArray(v) ? v.map(String) : [String(v)]);
