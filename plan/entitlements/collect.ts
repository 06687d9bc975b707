import { isExpired } from "../../core/access";
import { Consumer, Topology } from "../../core/topology/model";
import { crossAccountGrants } from "../cross-account";
import { StackEvaluation, TopologyEvaluation } from "../evaluate";
import { LakeAccess, indexCatalog, lakeFormationAccess, reachable } from "../lake-formation-access";
import { datasharePaths } from "../redshift-paths";
import { AccessPath, Entitlement, EntitlementReport } from "./model";

/**
 * Who can access what, from one evaluation of every stack: Lake Formation grants that hold
 * all the way up their chain, datashares that reach their consumer, access point policies,
 * Data Exchange grants, API partners and cross-account key grants. Each row carries the
 * product's classification and the consumer's end date.
 */
export function collectEntitlements(evaluation: TopologyEvaluation, asOf: Date): EntitlementReport {
    const context = new Context(evaluation.topology, asOf);
    const rows = [
        ...lakeFormationRows(evaluation, context),
        ...datashareRows(evaluation, context),
        ...evaluation.stacks.flatMap((s) => [...accessPointRows(s, context), ...dataGrantRows(s, context), ...partnerRows(s, context), ...keyRows(s, context)]),
    ];
    return { project: evaluation.project, accessAsOf: asOf.toISOString(), entitlements: rows.sort(byConsumerThenPath) };
}

function byConsumerThenPath(a: Entitlement, b: Entitlement): number {
    return a.consumer.localeCompare(b.consumer) || a.path.localeCompare(b.path) || a.resource.localeCompare(b.resource) || a.principal.localeCompare(b.principal);
}

/** Who an account or principal is in the topology, and the product facts rows carry. */
class Context {
    constructor(
        readonly topology: Topology,
        readonly asOf: Date,
    ) {}

    consumerOfAccount(accountId: string): Consumer | undefined {
        return this.topology.consumers.find((c) => c.account?.accountId === accountId);
    }

    consumerNamed(name: string): Consumer | undefined {
        return this.topology.consumers.find((c) => c.name === name);
    }

    /** The consumer facts of a row: name, end date and status ("producer" for the producer's own principals). */
    who(consumer: Consumer | undefined, accountId?: string): Pick<Entitlement, "consumer" | "endsAt" | "status"> {
        if (!consumer) {
            const role = accountId === this.topology.producer.accountId ? "producer" : accountId === this.topology.external?.accountId ? "external" : accountId === this.topology.governance?.accountId ? "governance" : `account ${accountId ?? "?"}`;
            return { consumer: role, status: "active" };
        }
        return { consumer: consumer.name, endsAt: consumer.accessEndsAtDeclared, status: isExpired(consumer, this.asOf) ? "expired" : "active" };
    }

    product(name: string | undefined): Pick<Entitlement, "product" | "classification"> {
        const product = this.topology.dataProducts.find((p) => p.name === name);
        return product ? { product: product.name, classification: product.classification } : name ? { product: name } : {};
    }

    /** The product whose Glue database (producer's, or the replica's `<prefix>_<name>`) this is. */
    productOfDatabase(database: string | undefined): string | undefined {
        return this.topology.dataProducts.find((p) => p.database === database || `${this.topology.namePrefix.replace(/-/g, "_")}_${p.name}` === database)?.name;
    }

    /** The product whose folder a key or prefix is in. */
    productOfPrefix(prefix: string): string | undefined {
        return this.topology.dataProducts.find((p) => prefix === p.name || prefix.startsWith(`${p.name}/`))?.name;
    }
}

const IAM_PRINCIPAL = /^arn:aws[a-z-]*:(iam|quicksight)::?(\d{12})?:/;

function accountOfArn(arn: string): string | undefined {
    return /^arn:[^:]+:[^:]+:[^:]*:(\d{12}):/.exec(arn)?.[1];
}

function lakeFormationRows(evaluation: TopologyEvaluation, context: Context): Entitlement[] {
    const { topology } = evaluation;
    const all = lakeFormationAccess(evaluation.stacks.map((s) => ({ accountId: s.account.accountId, resources: s.resources })));
    const catalogs = new Map(evaluation.stacks.map((s) => [s.account.accountId, indexCatalog(s.resources)]));
    // Pattern 2 passes through the governance account; pattern 3 grants the consumer account directly.
    const holdersFor = (principalAccount: string) => (a: LakeAccess) =>
        a.catalog === principalAccount ? [] : a.catalog === topology.producer.accountId && topology.governance ? [principalAccount, topology.governance.accountId] : [principalAccount];
    const principals = [...new Set(all.filter((a) => IAM_PRINCIPAL.test(a.principal)).map((a) => a.principal))];
    return principals.flatMap((principal) => {
        const principalAccount = accountOfArn(principal) ?? "";
        return reachable(all, principal, holdersFor(principalAccount))
            .filter((a) => a.permission === "SELECT")
            .map((a): Entitlement => {
                const declared = catalogs.get(a.catalog ?? "")?.columns.get(`${a.database}.${a.table}`) ?? [];
                const path: AccessPath = a.via === "tags" ? "lake-formation (LF-tags)" : a.via === "filter" ? "lake-formation (cells filter)" : "lake-formation (named)";
                return {
                    ...context.who(context.consumerOfAccount(principalAccount), principalAccount),
                    principal,
                    principalAccount,
                    grantorAccount: a.catalog ?? principalAccount,
                    path,
                    ...context.product(context.productOfDatabase(a.database)),
                    resource: `${a.catalog}:${a.database}.${a.table}`,
                    actions: [a.permission],
                    columns: a.columns,
                    excludedColumns: declared.filter((c) => !(a.columns ?? []).includes(c)),
                    rowFilter: a.rowFilter,
                };
            });
    });
}

function datashareRows(evaluation: TopologyEvaluation, context: Context): Entitlement[] {
    return datasharePaths(evaluation.stacks)
        .filter((d) => d.reachesConsumer)
        .map((d) => ({
            ...context.who(context.consumerOfAccount(d.consumerAccount), d.consumerAccount),
            principal: d.consumerAccount,
            principalAccount: d.consumerAccount,
            grantorAccount: d.sharingAccount,
            path: "redshift datashare" as const,
            ...context.product(d.datashare),
            resource: `datashare ${d.datashare} (option ${d.option}, ${d.sharingStack}) as database ${d.database}`,
            actions: ["SELECT (read-only, granted by the consumer's admin)"],
        }));
}

const parse = (v: unknown): any => (typeof v === "string" ? JSON.parse(v) : v);
const list = (v: unknown): string[] => (v === undefined ? [] : Array.isArray(v) ? v.map(String) : [String(v)]);

function accessPointRows(stack: StackEvaluation, context: Context): Entitlement[] {
    return stack.resources
        .filter((r) => r.type === "aws:s3/accessPoint:AccessPoint")
        .flatMap((point) => {
            const consumer = context.consumerNamed(point.inputs.tags?.consumer ?? "");
            const network = point.inputs.vpcConfiguration?.vpcId ? `from VPC ${point.inputs.vpcConfiguration.vpcId} only` : "from any network";
            return (parse(point.inputs.policy)?.Statement ?? [])
                .filter((s: any) => s.Effect === "Allow")
                .flatMap((s: any) => {
                    const principals = list(s.Condition?.ArnEquals?.["aws:PrincipalArn"]);
                    const prefixes = [...list(s.Condition?.StringLike?.["s3:prefix"]), ...list(s.Resource).flatMap((r) => (r.includes("/object/") ? [r.split("/object/")[1]] : []))];
                    return principals.flatMap((principal) =>
                        prefixes.map((prefix) => ({
                            ...context.who(consumer, accountOfArn(principal)),
                            principal,
                            principalAccount: accountOfArn(principal),
                            grantorAccount: stack.account.accountId,
                            path: "s3 access point" as const,
                            ...context.product(context.productOfPrefix(prefix)),
                            resource: `access point ${point.inputs.name} on ${point.inputs.bucket}: ${prefix}`,
                            actions: list(s.Action),
                            conditions: `over TLS, ${network}`,
                        })),
                    );
                });
        });
}

function dataGrantRows(stack: StackEvaluation, context: Context): Entitlement[] {
    const dataSets = new Map(stack.resources.filter((r) => r.type === "aws:dataexchange/dataSet:DataSet").map((r) => [r.id, r.inputs.tags?.product as string | undefined]));
    return stack.resources
        .filter((r) => r.type === "pulumi-nodejs:dynamic/datasharing:DataGrant")
        .map((grant) => {
            const account = String(grant.inputs.receiverAccountId);
            const who = context.who(context.consumerOfAccount(account), account);
            return {
                ...who,
                principal: account,
                principalAccount: account,
                grantorAccount: stack.account.accountId,
                path: "data exchange grant" as const,
                ...context.product(dataSets.get(grant.inputs.sourceDataSetId)),
                resource: `data set ${grant.inputs.sourceDataSetId} (grant ${grant.inputs.name})`,
                actions: ["export the data set's revisions (entitled data set)"],
                endsAt: grant.inputs.endsAt ?? who.endsAt,
            };
        });
}

/** Partners as the API's own registry knows them: the receiver's PARTNERS, tied to the keys. */
function partnerRows(stack: StackEvaluation, context: Context): Entitlement[] {
    const receiver = stack.resources.find((r) => r.type === "aws:lambda/function:Function" && r.inputs.environment?.variables?.PARTNERS && r.name.endsWith("receiver"));
    if (!receiver) return [];
    const keys = new Map(stack.resources.filter((r) => r.type === "aws:apigateway/apiKey:ApiKey").map((k) => [k.id, k]));
    const registry: { name: string; email: string; apiKeyId: string; products: string[] }[] = parse(receiver.inputs.environment.variables.PARTNERS);
    return registry.flatMap((partner) => {
        const key = keys.get(partner.apiKeyId);
        const who = context.who(context.consumerNamed(partner.name));
        return partner.products.map((product) => ({
            ...who,
            principal: partner.email,
            grantorAccount: stack.account.accountId,
            path: "partner api" as const,
            ...context.product(product),
            resource: `${product}/ of ${stack.stack}'s bucket, by e-mailed presigned link`,
            actions: ["request (POST /requests)", "download by link"],
            conditions: `API key ${key?.inputs.name ?? partner.apiKeyId}${key && key.inputs.enabled === false ? " (disabled)" : ""}`,
            status: key && key.inputs.enabled === false ? ("expired" as const) : who.status,
        }));
    });
}

function keyRows(stack: StackEvaluation, context: Context): Entitlement[] {
    const keys = stack.resources.filter((r) => r.type === "aws:kms/key:Key");
    return crossAccountGrants(keys, stack.account.accountId).map((g) => {
        const principals = list((g.conditions as any)?.ArnEquals?.["aws:PrincipalArn"]);
        return {
            ...context.who(context.consumerOfAccount(g.principalAccount), g.principalAccount),
            principal: principals.length > 0 ? principals.join(", ") : g.principal,
            principalAccount: g.principalAccount,
            grantorAccount: stack.account.accountId,
            path: "kms key policy" as const,
            resource: `${g.resource} [${g.statement}]`,
            actions: g.actions,
            conditions: g.conditions ? JSON.stringify(g.conditions) : undefined,
        };
    });
}
