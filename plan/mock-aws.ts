import * as pulumi from "@pulumi/pulumi";
import { createHash } from "crypto";

/**
 * Pulumi mocks that behave like AWS enough to evaluate a stack offline: every resource
 * gets an id and ARN of the account and region its provider is pinned to, invokes such as
 * getCallerIdentity answer for that account, and stack references answer with the outputs
 * of stacks evaluated before. Every registration is captured for the plan and the tests.
 */

export interface CapturedResource {
    readonly type: string;
    readonly name: string;
    /** Inputs as the program passed them (outputs resolved). */
    readonly inputs: Record<string, any>;
    /** Account the resource's provider deploys into ("" for components and references). */
    readonly accountId: string;
    readonly region: string;
    readonly id: string;
    readonly state: Record<string, any>;
    readonly custom: boolean;
    /** Resource options the program set, as the engine would receive them. */
    readonly options: RegistrationOptions;
}

export interface RegistrationOptions {
    readonly protect: boolean;
    /** URN of the parent resource. */
    readonly parent: string;
    /** URNs the resource explicitly depends on (`dependsOn` and input dependencies). */
    readonly dependencies: readonly string[];
    /** Whether a replacement deletes the old resource before creating the new one. */
    readonly deleteBeforeReplace: boolean;
    /** Earlier names the resource answers to (`aliases` given by name). */
    readonly aliases: readonly string[];
    /** Whether deleting it from the stack leaves it in the cloud (`retainOnDelete`). */
    readonly retainOnDelete: boolean;
}

/** The request the SDK sends the monitor, as far as the mocks read it. */
interface RegisterRequest {
    getProtect(): boolean | undefined;
    getParent(): string;
    getDependenciesList(): string[];
    getDeletebeforereplace(): boolean;
    getAliasesList(): { getSpec(): { getName(): string } | undefined }[];
    getRetainondelete(): boolean | undefined;
}

/** What a resource registered without options (or seen outside a registration) carries. */
export const NO_OPTIONS: RegistrationOptions = { protect: false, parent: "", dependencies: [], deleteBeforeReplace: false, aliases: [], retainOnDelete: false };

/** An invoke (data source) the program made, and what the mocks answered. */
export interface CapturedLookup {
    /** Invoke token, e.g. `aws:ec2/getPrefixList:getPrefixList`. */
    readonly token: string;
    readonly inputs: Record<string, any>;
    readonly result: Record<string, any>;
}

export interface ReferenceRead {
    /** Fully qualified stack name read. */
    readonly stack: string;
    /** Whether outputs for that stack were available. */
    readonly resolved: boolean;
}

export interface MockAccount {
    readonly accountId: string;
    readonly region: string;
}

/**
 * What the mocks answer for one of the program's dynamic resources: the outputs its provider
 * would read back from AWS. Each pattern gives its own (its registration's `mocks`).
 * @param hash a hash of the resource's name, for made-up ids
 */
export type DynamicMock = (inputs: Record<string, any>, account: MockAccount, hash: string) => Record<string, unknown>;

const PROVIDER_TYPE = "pulumi:providers:aws";

/** The role the mocks deploy as (through an assumed-role session) in an account. */
export const MOCK_DEPLOYER_ROLE = (accountId: string) => `arn:aws:iam::${accountId}:role/deployer`;
const STACK_REFERENCE_TYPE = "pulumi:pulumi:StackReference";

export class AwsMocks implements pulumi.runtime.Mocks {
    readonly resources: CapturedResource[] = [];
    readonly references: ReferenceRead[] = [];
    readonly lookups: CapturedLookup[] = [];
    private readonly providers = new Map<string, MockAccount>();
    /** Options of the registration in flight: the monitor calls newResource synchronously. */
    private pending: RegistrationOptions = NO_OPTIONS;

    /**
     * @param stack name of the stack, for deterministic ids
     * @param home account assumed where no provider is given
     * @param stackOutputs outputs of already evaluated stacks, by fully qualified name
     * @param dynamic what to answer for the program's dynamic resources, by type
     */
    constructor(
        private readonly stack: string,
        private readonly home: MockAccount,
        private readonly stackOutputs: ReadonlyMap<string, Record<string, unknown>> = new Map(),
        private readonly dynamic: ReadonlyMap<string, DynamicMock> = new Map(),
    ) {}

    /**
     * Mocks see no resource options; wrapping the monitor's registerResource lets the plan
     * and the tests see protection, parents, dependencies and replacement order too.
     */
    observe(monitor: unknown): void {
        const m = monitor as { registerResource(req: RegisterRequest, cb: unknown): Promise<void> };
        const register = m.registerResource.bind(m);
        m.registerResource = (req, cb) => {
            this.pending = {
                protect: req.getProtect() === true,
                parent: req.getParent(),
                dependencies: req.getDependenciesList(),
                deleteBeforeReplace: req.getDeletebeforereplace() === true,
                aliases: req.getAliasesList().flatMap((a) => a.getSpec()?.getName() || []),
                retainOnDelete: req.getRetainondelete() === true,
            };
            return register(req, cb);
        };
    }

    newResource(args: pulumi.runtime.MockResourceArgs): pulumi.runtime.MockResourceResult {
        const options = this.pending;
        this.pending = NO_OPTIONS;
        if (args.type === STACK_REFERENCE_TYPE) {
            return this.stackReference(args);
        }
        const id = args.type === PROVIDER_TYPE ? this.hash(args.name) : physicalId(args, this.hash(`${args.type}:${args.name}`));
        const account = args.type === PROVIDER_TYPE ? providerAccount(args.inputs, this.home) : this.accountOf(args.provider);
        if (args.type === PROVIDER_TYPE) {
            this.providers.set(id, account);
        }
        const dynamic = this.dynamic.get(args.type);
        const synthesized = dynamic ? dynamic(args.inputs, account, this.hash(args.name)) : synthesize(args, id, account, this.hash(args.name));
        const state = args.custom === false ? remoteComponentOutputs(args, account, this.hash(args.name)) : { ...args.inputs, ...synthesized };
        this.resources.push({
            type: args.type,
            name: args.name,
            inputs: args.inputs,
            accountId: account.accountId,
            region: account.region,
            id,
            state,
            custom: args.custom !== false,
            options,
        });
        return { id: args.custom === false ? undefined : id, state };
    }

    call(args: pulumi.runtime.MockCallArgs): pulumi.runtime.MockCallResult {
        const result = this.answer(args);
        this.lookups.push({ token: args.token, inputs: args.inputs, result });
        return result;
    }

    private answer(args: pulumi.runtime.MockCallArgs): Record<string, any> {
        const account = this.accountOf(args.provider);
        switch (args.token) {
            case "aws:index/getCallerIdentity:getCallerIdentity":
                // Deployments usually run as an assumed role: the ARN is an STS session, not the role.
                return {
                    accountId: account.accountId,
                    arn: `arn:aws:sts::${account.accountId}:assumed-role/${MOCK_DEPLOYER_ROLE(account.accountId).split("/").pop()}/pulumi`,
                    userId: "AROAMOCKDEPLOYER:pulumi",
                    id: account.accountId,
                };
            case "aws:iam/getSessionContext:getSessionContext": {
                const arn = String(args.inputs.arn);
                const match = /^arn:aws:sts::(\d{12}):assumed-role\/([^/]+)\/(.+)$/.exec(arn);
                return match
                    ? {
                          arn,
                          issuerArn: `arn:aws:iam::${match[1]}:role/${match[2]}`,
                          issuerId: "AROAMOCKDEPLOYER",
                          issuerName: match[2],
                          sessionName: match[3],
                          id: arn,
                      }
                    : { arn, issuerArn: arn, issuerId: "", issuerName: "", sessionName: "", id: arn };
            }
            case "aws:lakeformation/getDataLakeSettings:getDataLakeSettings":
                return freshDataLakeSettings(account);
            case "aws:index/getRegion:getRegion":
                return { name: account.region, region: account.region, id: account.region, endpoint: `ec2.${account.region}.amazonaws.com` };
            case "aws:index/getPartition:getPartition":
                return { partition: "aws", dnsSuffix: "amazonaws.com", id: "aws" };
            case "aws:index/getAvailabilityZones:getAvailabilityZones":
                return { names: ["a", "b", "c"].map((z) => `${account.region}${z}`), zoneIds: ["az1", "az2", "az3"], id: account.region };
            case "aws:ec2/getPrefixList:getPrefixList": {
                // AWS-managed prefix lists (com.amazonaws.<region>.s3): one id per name, as in a real region.
                const name = String(args.inputs.name ?? "");
                const id = args.inputs.prefixListId ?? `pl-${createHash("sha256").update(`${account.region}/${name}`).digest("hex").slice(0, 8)}`;
                return { id, prefixListId: id, name, cidrBlocks: ["52.218.0.0/17"], region: account.region };
            }
            case "aws:redshift/getCluster:getCluster": {
                // An existing RA3 cluster of the account (datasharing:warehouse.existing).
                const id = String(args.inputs.clusterIdentifier);
                const hash = this.hash(`cluster/${id}`);
                return {
                    id,
                    clusterIdentifier: id,
                    arn: `arn:aws:redshift:${account.region}:${account.accountId}:cluster:${id}`,
                    clusterNamespaceArn: `arn:aws:redshift:${account.region}:${account.accountId}:namespace:${uuidFrom(hash)}`,
                    nodeType: "ra3.xlplus",
                    endpoint: `${id}.${hash.slice(0, 12)}.${account.region}.redshift.amazonaws.com`,
                    port: 5439,
                    encrypted: true,
                    publiclyAccessible: false,
                };
            }
            case "aws:redshiftserverless/getWorkgroup:getWorkgroup": {
                const name = String(args.inputs.workgroupName);
                return {
                    id: name,
                    workgroupName: name,
                    namespaceName: `${name}-namespace`,
                    arn: `arn:aws:redshift-serverless:${account.region}:${account.accountId}:workgroup/${uuidFrom(this.hash(`workgroup/${name}`))}`,
                    endpoints: [{ address: `${name}.${account.accountId}.${account.region}.redshift-serverless.amazonaws.com`, port: 5439 }],
                };
            }
            case "aws:redshiftserverless/getNamespace:getNamespace": {
                const name = String(args.inputs.namespaceName);
                const id = uuidFrom(this.hash(`namespace/${name}`));
                return { id, namespaceName: name, namespaceId: id, arn: `arn:aws:redshift-serverless:${account.region}:${account.accountId}:namespace/${id}` };
            }
            case "aws:ec2/getSubnet:getSubnet": {
                // The mocked VPCs' subnet ids end with their zone's index (see remoteComponentOutputs).
                const id = String(args.inputs.id ?? "");
                const zone = "abcdef"[Number(/(\d)$/.exec(id)?.[1] ?? 0)] ?? "a";
                return {
                    id,
                    availabilityZone: `${account.region}${zone}`,
                    availabilityZoneId: `az${zone}`,
                    vpcId: "vpc-mock",
                    cidrBlock: "10.0.0.0/24",
                    region: account.region,
                };
            }
            default:
                return args.inputs;
        }
    }

    private stackReference(args: pulumi.runtime.MockResourceArgs): pulumi.runtime.MockResourceResult {
        const name = String(args.inputs.name ?? args.name);
        const outputs = this.stackOutputs.get(name);
        this.references.push({ stack: name, resolved: outputs !== undefined });
        const state = { name, outputs: outputs ?? {}, secretOutputNames: [] };
        this.resources.push({
            type: args.type,
            name: args.name,
            inputs: args.inputs,
            accountId: "",
            region: "",
            id: name,
            state,
            custom: true,
            options: NO_OPTIONS,
        });
        return { id: name, state };
    }

    private accountOf(providerRef: string | undefined): MockAccount {
        const id = providerRef?.split("::").pop();
        return (id && this.providers.get(id)) || this.home;
    }

    private hash(seed: string): string {
        return createHash("sha256").update(`${this.stack}/${seed}`).digest("hex");
    }
}

/** The Lake Formation settings of an account nobody has configured yet: IAM-only defaults, no admin. */
export function freshDataLakeSettings(account: MockAccount): Record<string, unknown> {
    const iamOnly = [{ principal: "IAM_ALLOWED_PRINCIPALS", permissions: ["ALL"] }];
    return {
        id: account.accountId,
        catalogId: account.accountId,
        region: account.region,
        admins: [],
        readOnlyAdmins: [],
        createDatabaseDefaultPermissions: iamOnly,
        createTableDefaultPermissions: iamOnly,
        parameters: { CROSS_ACCOUNT_VERSION: "1", SET_CONTEXT: "TRUE" },
        trustedResourceOwners: [],
        allowExternalDataFiltering: false,
        externalDataFilteringAllowLists: [],
        authorizedSessionTagValueLists: [],
        allowFullTableExternalDataAccess: false,
    };
}

function providerAccount(inputs: Record<string, any>, fallback: MockAccount): MockAccount {
    const ids = typeof inputs.allowedAccountIds === "string" ? JSON.parse(inputs.allowedAccountIds) : inputs.allowedAccountIds;
    return { accountId: Array.isArray(ids) && ids.length > 0 ? String(ids[0]) : fallback.accountId, region: String(inputs.region ?? fallback.region) };
}

/** The id AWS would give: the name for named resources, else a generated one. */
function physicalId(args: pulumi.runtime.MockResourceArgs, hash: string): string {
    const { inputs } = args;
    switch (args.type) {
        case "aws:s3/bucket:Bucket":
            return String(inputs.bucket ?? `${args.name}-${hash.slice(0, 8)}`);
        case "aws:kms/key:Key":
            return uuidFrom(hash);
        case "aws:iam/role:Role":
        case "aws:iam/user:User":
        case "aws:iam/group:Group":
            return String(inputs.name ?? `${args.name}-${hash.slice(0, 7)}`);
        case "aws:redshift/cluster:Cluster":
            return String(inputs.clusterIdentifier ?? `${args.name}-${hash.slice(0, 8)}`);
        case "aws:redshiftserverless/namespace:Namespace":
            return String(inputs.namespaceName ?? `${args.name}-${hash.slice(0, 8)}`);
        case "aws:redshiftserverless/workgroup:Workgroup":
            return String(inputs.workgroupName ?? `${args.name}-${hash.slice(0, 8)}`);
        default:
            return String(inputs.name ?? `${args.name}-${hash.slice(0, 8)}`);
    }
}

function uuidFrom(hash: string): string {
    return `${hash.slice(0, 8)}-${hash.slice(8, 12)}-${hash.slice(12, 16)}-${hash.slice(16, 20)}-${hash.slice(20, 32)}`;
}

/** Computed attributes (ARN and friends) the program may read back. */
function synthesize(args: pulumi.runtime.MockResourceArgs, id: string, account: MockAccount, hash: string): Record<string, unknown> {
    const { accountId, region } = account;
    const [pkg, module] = args.type.split(":");
    const service = (module ?? "").split("/")[0];
    switch (args.type) {
        case "aws:s3/bucket:Bucket":
            return {
                bucket: id,
                arn: `arn:aws:s3:::${id}`,
                bucketDomainName: `${id}.s3.amazonaws.com`,
                bucketRegionalDomainName: `${id}.s3.${region}.amazonaws.com`,
                region,
            };
        case "aws:kms/key:Key":
            return { keyId: id, arn: `arn:aws:kms:${region}:${accountId}:key/${id}` };
        case "aws:kms/alias:Alias":
            return {
                arn: `arn:aws:kms:${region}:${accountId}:${args.inputs.name}`,
                targetKeyArn: `arn:aws:kms:${region}:${accountId}:key/${args.inputs.targetKeyId}`,
            };
        case "aws:iam/role:Role":
            return { name: id, arn: `arn:aws:iam::${accountId}:role${args.inputs.path ?? "/"}${id}`, uniqueId: `AROA${hash.slice(0, 17).toUpperCase()}` };
        case "aws:iam/user:User":
            return { name: id, arn: `arn:aws:iam::${accountId}:user${args.inputs.path ?? "/"}${id}`, uniqueId: `AIDA${hash.slice(0, 17).toUpperCase()}` };
        case "aws:iam/group:Group":
            return { name: id, arn: `arn:aws:iam::${accountId}:group${args.inputs.path ?? "/"}${id}` };
        case "aws:iam/policy:Policy":
            return { name: id, arn: `arn:aws:iam::${accountId}:policy${args.inputs.path ?? "/"}${id}` };
        case "aws:redshift/cluster:Cluster": {
            const secret = `arn:aws:secretsmanager:${region}:${accountId}:secret:redshift!${id}-admin-${hash.slice(0, 6)}`;
            return {
                clusterIdentifier: id,
                arn: `arn:aws:redshift:${region}:${accountId}:cluster:${id}`,
                clusterNamespaceArn: `arn:aws:redshift:${region}:${accountId}:namespace:${uuidFrom(hash)}`,
                masterPasswordSecretArn: secret,
                dnsName: `${id}.${hash.slice(0, 12)}.${region}.redshift.amazonaws.com`,
                port: 5439,
            };
        }
        case "aws:redshiftserverless/namespace:Namespace":
            return {
                namespaceName: id,
                namespaceId: uuidFrom(hash),
                arn: `arn:aws:redshift-serverless:${region}:${accountId}:namespace/${uuidFrom(hash)}`,
                adminPasswordSecretArn: `arn:aws:secretsmanager:${region}:${accountId}:secret:redshift!${id}-admin-${hash.slice(0, 6)}`,
            };
        case "aws:redshiftserverless/workgroup:Workgroup":
            return {
                workgroupName: id,
                arn: `arn:aws:redshift-serverless:${region}:${accountId}:workgroup/${uuidFrom(hash)}`,
                endpoints: [{ address: `${id}.${accountId}.${region}.redshift-serverless.amazonaws.com`, port: 5439 }],
            };
        case "aws:redshift/endpointAccess:EndpointAccess":
            return { address: `${args.inputs.endpointName}-endpoint.${hash.slice(0, 12)}.${region}.redshift.amazonaws.com`, port: 5439 };
        case "aws:lambda/function:Function":
            return {
                arn: `arn:aws:lambda:${region}:${accountId}:function:${id}`,
                invokeArn: `arn:aws:apigateway:${region}:lambda:path/2015-03-31/functions/arn:aws:lambda:${region}:${accountId}:function:${id}/invocations`,
            };
        case "aws:secretsmanager/secret:Secret":
            // Secrets Manager appends six random characters to the name.
            return { arn: `arn:aws:secretsmanager:${region}:${accountId}:secret:${id}-${hash.slice(0, 6)}` };
        case "aws:glue/connection:Connection":
            return { arn: `arn:aws:glue:${region}:${accountId}:connection/${id}` };
        case "aws:apigateway/stage:Stage":
            return {
                invokeUrl: `https://${args.inputs.restApi}.execute-api.${region}.amazonaws.com/${args.inputs.stageName}`,
                executionArn: `arn:aws:execute-api:${region}:${accountId}:${args.inputs.restApi}/${args.inputs.stageName}`,
                arn: `arn:aws:apigateway:${region}::/restapis/${args.inputs.restApi}/stages/${args.inputs.stageName}`,
            };
        case "random:index/randomPassword:RandomPassword":
            // A stand-in of the requested length; never a usable password.
            return { result: hash.repeat(4).slice(0, Number(args.inputs.length ?? 16)), bcryptHash: `$2a$10$${hash.slice(0, 53)}` };
        default:
            // Some resources take their ARN as an input (a registered Lake Formation location).
            return pkg === "aws" ? { arn: args.inputs.arn ?? `arn:aws:${service}:${region}:${accountId}:${id}` } : {};
    }
}

/**
 * Outputs of multi-language components, which run in their own plugin and register no
 * children under mocks: without these their outputs would be undefined. Only awsx's VPC
 * is used by the program.
 */
function remoteComponentOutputs(args: pulumi.runtime.MockResourceArgs, account: MockAccount, hash: string): Record<string, unknown> {
    if (args.type !== "awsx:ec2:Vpc") {
        return {};
    }
    const zones = Number(args.inputs.numberOfAvailabilityZones ?? 2);
    const specs: { type: string; name?: string }[] = args.inputs.subnetSpecs ?? [{ type: "Public" }, { type: "Private" }];
    const subnetIds = (type: string) =>
        specs
            .filter((spec) => spec.type === type)
            .flatMap((spec, s) => Array.from({ length: zones }, (_, z) => `subnet-${hash.slice(s * 3, s * 3 + 9)}${type[0].toLowerCase()}${z}`));
    const natStrategy = args.inputs.natGateways?.strategy ?? "OnePerAz";
    return {
        vpcId: `vpc-${hash.slice(0, 17)}`,
        publicSubnetIds: subnetIds("Public"),
        privateSubnetIds: subnetIds("Private"),
        isolatedSubnetIds: subnetIds("Isolated"),
        natGateways: natStrategy === "None" ? [] : [`nat-${hash.slice(0, 17)}`],
        // Mirrors awsx 3.x: it attaches an internet gateway to every VPC, even one with no
        // public subnet (pulumi/pulumi-awsx#947); only the route tables decide what uses it.
        internetGateway: { id: `igw-${hash.slice(0, 17)}` },
        region: account.region,
    };
}
