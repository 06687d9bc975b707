import { CapturedLookup, CapturedResource } from "../mock-aws";
import { Ordering, keyOf } from "../ordering";

/** One stack as the preflight sees it: what it registers, in the account it deploys to. */
export interface DeployedStack {
    readonly stack: string;
    readonly accountId: string;
    readonly region: string;
    readonly resources: readonly CapturedResource[];
    /** Data sources the stack read, with their answers (which prefix list is S3's, for one). */
    readonly lookups?: readonly CapturedLookup[];
}

/** Where a resource is registered: its stack's position in deploy order and the resource. */
export interface Placement {
    readonly stackIndex: number;
    readonly resource: CapturedResource;
}

/**
 * Every stack of a topology in deploy order, with the questions rules ask of them: which
 * resource creates an IAM principal, and whether one resource is created before another.
 */
export class PreflightWorld {
    private readonly orderings = new Map<number, Ordering>();
    private creators?: Map<string, Placement>;

    /**
     * @param stacks every stack, in deploy order
     * @param existingPrincipals IAM ARNs that exist before any stack deploys: principals the
     *        topology declares (consumers' roles, deployment roles)
     */
    constructor(
        readonly stacks: readonly DeployedStack[],
        readonly existingPrincipals: ReadonlySet<string> = new Set(),
    ) {}

    /** The resource creating the IAM role or user with this ARN, if any stack registers one. */
    creatorOf(arn: string): Placement | undefined {
        if (!this.creators) {
            this.creators = new Map();
            this.stacks.forEach((s, stackIndex) => {
                for (const r of s.resources) {
                    if (PRINCIPAL_TYPES.includes(r.type) && typeof r.state.arn === "string") this.creators!.set(r.state.arn, { stackIndex, resource: r });
                }
            });
        }
        return this.creators.get(arn);
    }

    /** Whether `first` is created before `then` starts, both in stack `stackIndex`. */
    createdBefore(stackIndex: number, first: CapturedResource, then: CapturedResource): boolean {
        let ordering = this.orderings.get(stackIndex);
        if (!ordering) {
            ordering = new Ordering(this.stacks[stackIndex].resources);
            this.orderings.set(stackIndex, ordering);
        }
        return ordering.before(keyOf(then)).has(keyOf(first));
    }

    /** The name of a prefix list the stack looked up by id, e.g. `com.amazonaws.eu-west-1.s3`. */
    prefixListName(stack: DeployedStack, id: string): string | undefined {
        const found = (stack.lookups ?? []).find((l) => l.token === PREFIX_LIST_LOOKUP && (l.result.id === id || l.result.prefixListId === id));
        return found?.result.name;
    }

    /** The resources of every stack, with the stack's position, for rules that scan them all. */
    *placements(): Generator<Placement & { readonly stack: DeployedStack }> {
        for (let stackIndex = 0; stackIndex < this.stacks.length; stackIndex++) {
            const stack = this.stacks[stackIndex];
            for (const resource of stack.resources) yield { stackIndex, stack, resource };
        }
    }
}

const PRINCIPAL_TYPES = ["aws:iam/role:Role", "aws:iam/user:User"];
const PREFIX_LIST_LOOKUP = "aws:ec2/getPrefixList:getPrefixList";

/** `type name`, how findings name a resource. */
export function resourceLabel(r: Pick<CapturedResource, "type" | "name">): string {
    return `${r.type} ${r.name}`;
}
