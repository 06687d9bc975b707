import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ExistingWarehouse as ExistingWarehouseSettings } from "../../core/stack/warehouse-settings";
import { Warehouse as DataApiWarehouse } from "./data-api";
import { namespaceIdOf } from "./warehouse";

/**
 * What datashares need of a warehouse, built here (RedshiftWarehouse) or already running
 * (ExistingWarehouse): where the Data API runs their SQL, and the namespace that names it.
 */
export interface SharingWarehouse {
    /** How the Data API reaches the warehouse: cluster or workgroup, database and secret. */
    readonly dataApi: pulumi.Output<DataApiWarehouse>;
    /** Namespace id (UUID): the identity datashares name as producer and consumer. */
    readonly namespaceId: pulumi.Output<string>;
    /** Namespace ARN, the consumer side of a `DataShareConsumerAssociation`. */
    readonly namespaceArn: pulumi.Output<string>;
}

export interface ExistingWarehouseArgs {
    /** The cluster or workgroup, and the secret the Data API signs in with (`datasharing:warehouse.existing`). */
    existing: ExistingWarehouseSettings;
    /** Database of the warehouse the datashares are made from. */
    database: string;
}

/**
 * A warehouse the account already runs, looked up, never changed: option A's "production
 * cluster", whose datashares are made where the data is. Nothing is built; the lookups fail
 * the deployment if it does not exist, and a cluster that is not RA3 (data sharing's
 * prerequisite) is refused with its node type.
 */
export class ExistingWarehouse extends pulumi.ComponentResource implements SharingWarehouse {
    public readonly dataApi: pulumi.Output<DataApiWarehouse>;
    public readonly namespaceId: pulumi.Output<string>;
    public readonly namespaceArn: pulumi.Output<string>;

    constructor(name: string, args: ExistingWarehouseArgs, opts?: pulumi.ComponentResourceOptions) {
        super("datasharing:redshift:ExistingWarehouse", name, {}, opts);
        const invoke = { parent: this };
        const { clusterIdentifier, workgroupName, secretArn } = args.existing;
        if (clusterIdentifier) {
            const cluster = aws.redshift.getClusterOutput({ clusterIdentifier }, invoke).apply((c) => {
                shareableCluster(clusterIdentifier, c.nodeType);
                return c;
            });
            this.namespaceArn = cluster.clusterNamespaceArn;
            this.namespaceId = cluster.clusterNamespaceArn.apply(namespaceIdOf);
            this.dataApi = cluster.clusterIdentifier.apply((id) => ({ clusterIdentifier: id, database: args.database, secretArn }));
        } else {
            const workgroup = aws.redshiftserverless.getWorkgroupOutput({ workgroupName: workgroupName! }, invoke);
            const namespace = aws.redshiftserverless.getNamespaceOutput({ namespaceName: workgroup.namespaceName }, invoke);
            this.namespaceArn = namespace.arn;
            this.namespaceId = namespace.namespaceId;
            this.dataApi = workgroup.workgroupName.apply((wg) => ({ workgroupName: wg, database: args.database, secretArn }));
        }
        this.registerOutputs({ namespaceId: this.namespaceId, namespaceArn: this.namespaceArn });
    }
}

/** Refuses an existing cluster that cannot share data: Redshift data sharing needs RA3 nodes. */
export function shareableCluster(clusterIdentifier: string, nodeType: string): void {
    if (!nodeType.startsWith("ra3.")) {
        throw new Error(
            `datasharing:warehouse.existing.clusterIdentifier: cluster ${clusterIdentifier} runs ${nodeType} nodes, and Redshift data sharing needs RA3 ones: ` +
                "resize it to an RA3 node type, or share from a Serverless workgroup",
        );
    }
}
