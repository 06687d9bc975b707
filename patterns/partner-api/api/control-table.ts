import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AccountNames } from "../../../core/naming";
import { durableTableSettings } from "../../../components/durable-table";
import { CONTROL_KEY } from "./handlers/control-table";

/** The status index the poller queries: hash `status` (S), range `createdAt` (S). */
export const STATUS_INDEX = "status-createdAt";
/** Attribute DynamoDB's TTL removes expired requests by (epoch seconds). */
export const TTL_ATTRIBUTE = "expiresAt";

export interface ControlTableArgs {
    /** Names of the owning account; the table is `<prefix>-<purpose>`. */
    names: AccountNames;
    /**
     * Purpose in the table's name. @default "partner-api-partner-requests" (a new name since
     * the key became partner and request id: DynamoDB cannot change a key, so the table is
     * replaced, and the new one must not collide with the old while both exist)
     */
    purpose?: string;
    /** Customer key for server-side encryption. */
    kmsKeyArn: pulumi.Input<string>;
    /** Protect the table from deletion, in Pulumi and in DynamoDB; it holds the partners' requests. */
    protect: boolean;
}

/** Default purpose of the table's name. */
export const CONTROL_TABLE_PURPOSE = "partner-api-partner-requests";

/**
 * The partner API's control table (pattern 5, steps 4 and 5): one item per request, keyed
 * by partner (hash) and `requestId` (range), so ids are per partner; found by the poller through the {@link STATUS_INDEX} index, and removed
 * by TTL on {@link TTL_ATTRIBUTE} once it has served its purpose.
 */
export class ControlTable extends pulumi.ComponentResource {
    /** The table. */
    public readonly table: aws.dynamodb.Table;
    /** Physical name, known before deploy. */
    public readonly tableName: string;
    /** ARN, computed from the name so that policies stay plain data. */
    public readonly tableArn: string;
    /** Name of the status index. */
    public readonly statusIndex = STATUS_INDEX;

    constructor(name: string, args: ControlTableArgs, opts?: pulumi.ComponentResourceOptions) {
        super("datasharing:partner-api:ControlTable", name, {}, opts);
        const { names } = args;
        this.tableName = names.name("dynamodb-table", args.purpose ?? CONTROL_TABLE_PURPOSE);
        this.tableArn = names.tableArn(this.tableName);
        this.table = new aws.dynamodb.Table(
            name,
            {
                name: this.tableName,
                hashKey: CONTROL_KEY.hash,
                rangeKey: CONTROL_KEY.range,
                attributes: [
                    { name: CONTROL_KEY.hash, type: "S" },
                    { name: CONTROL_KEY.range, type: "S" },
                    { name: "status", type: "S" },
                    { name: "createdAt", type: "S" },
                ],
                globalSecondaryIndexes: [
                    {
                        name: STATUS_INDEX,
                        keySchemas: [
                            { attributeName: "status", keyType: "HASH" },
                            { attributeName: "createdAt", keyType: "RANGE" },
                        ],
                        // The poller reads whole requests from the index, without a second read.
                        projectionType: "ALL",
                    },
                ],
                ttl: { attributeName: TTL_ATTRIBUTE, enabled: true },
                ...durableTableSettings(args.kmsKeyArn, args.protect),
            },
            { parent: this, protect: args.protect },
        );
        this.registerOutputs({ tableName: this.tableName, tableArn: this.tableArn });
    }
}
