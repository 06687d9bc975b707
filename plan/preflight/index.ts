import { TopologyEvaluation } from "../evaluation";
import { MOCK_DEPLOYER_ROLE } from "../mock-aws";
import { PreflightFinding, PreflightRule } from "./rule";
import { apigatewayAccountOnce } from "./rules/apigateway-account-once";
import { bucketKeyEncryptionContext } from "./rules/bucket-key-encryption-context";
import { dataExchangeExportBucket } from "./rules/data-exchange-export-bucket";
import { glueConnectionAvailabilityZone } from "./rules/glue-connection-availability-zone";
import { glueVpcReachesS3 } from "./rules/glue-vpc-reaches-s3";
import { lfGrantByOwner } from "./rules/lf-grant-by-owner";
import { lfTableWithColumns } from "./rules/lf-table-with-columns";
import { lfTagGrantorHoldsTags } from "./rules/lf-tag-grantor-holds-tags";
import { principalExists } from "./rules/principal-exists";
import { redshiftEndpointRelocation } from "./rules/redshift-endpoint-relocation";
import { replicationAfterVersioning } from "./rules/replication-after-versioning";
import { s3NotificationLambdaPermission } from "./rules/s3-notification-lambda-permission";
import { PreflightWorld } from "./world";

export type { PreflightFinding, PreflightRule, RuleSource, RuleViolation } from "./rule";
export { PreflightWorld } from "./world";

/** Every rule the plan runs, in the order the docs list them. */
export const PREFLIGHT_RULES: readonly PreflightRule[] = [
    principalExists,
    lfGrantByOwner,
    lfTagGrantorHoldsTags,
    lfTableWithColumns,
    replicationAfterVersioning,
    bucketKeyEncryptionContext,
    glueVpcReachesS3,
    glueConnectionAvailabilityZone,
    redshiftEndpointRelocation,
    apigatewayAccountOnce,
    s3NotificationLambdaPermission,
    dataExchangeExportBucket,
];

/** Runs every rule over a world; one finding per violation, in rule order. */
export function runPreflight(world: PreflightWorld, rules: readonly PreflightRule[] = PREFLIGHT_RULES): PreflightFinding[] {
    return rules.flatMap((rule) => rule.check(world).map((v) => ({ ...v, rule: rule.id, source: rule.source.url })));
}

/**
 * The world of an evaluated topology: its stacks in deploy order, and the principals that
 * exist before any of them deploys (the consumers' declared principals, each stack's
 * deployment role, and the role the mocks deploy as).
 */
export function worldOf(evaluation: TopologyEvaluation): PreflightWorld {
    const { topology } = evaluation;
    const existing = new Set<string>([
        ...topology.consumers.flatMap((c) => c.principals),
        ...evaluation.stacks.flatMap((s) => [MOCK_DEPLOYER_ROLE(s.account.accountId), ...(s.deploymentRole ? [s.deploymentRole] : [])]),
    ]);
    return new PreflightWorld(
        evaluation.stacks.map((s) => ({
            stack: s.stack,
            accountId: s.account.accountId,
            region: s.account.region,
            resources: s.resources,
            lookups: s.lookups,
        })),
        existing,
    );
}
