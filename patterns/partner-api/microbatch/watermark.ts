import { ConditionalCheckFailedException, DynamoDBClient, GetItemCommand, UpdateItemCommand } from "@aws-sdk/client-dynamodb";
import type { AttributeValue } from "@aws-sdk/client-dynamodb";

/**
 * The watermark of one source table, kept in DynamoDB (hash key `source`). A run first
 * records the batch it is about to write (`pendingUntil`), then writes the object, then
 * advances `watermark` to `pendingUntil` and clears it. A run that dies in between leaves
 * `pendingUntil` set, and the next run re-reads exactly that batch, so the object is
 * rewritten under the same key: a batch is repeated, never skipped, never split.
 * Every change is conditioned on the state it was read in, so two runs cannot both advance.
 */

/** A source's stored progress. */
export interface WatermarkState {
    /** Largest watermark value already written; absent before the first batch. */
    readonly watermark?: string;
    /** Largest watermark value of a batch claimed but not yet confirmed written. */
    readonly pendingUntil?: string;
}

/** Where the watermarks live. */
export interface WatermarkStore {
    readonly dynamo: DynamoDBClient;
    /** Table name. */
    readonly table: string;
    /** This source's key. */
    readonly source: string;
}

/** Reads the source's progress (consistent read: it must see the last run's write). */
export async function readWatermark(store: WatermarkStore): Promise<WatermarkState> {
    const out = await store.dynamo.send(new GetItemCommand({ TableName: store.table, Key: { source: { S: store.source } }, ConsistentRead: true }));
    const watermark = out.Item?.watermark?.S;
    const pendingUntil = out.Item?.pendingUntil?.S;
    return { ...(watermark === undefined ? {} : { watermark }), ...(pendingUntil === undefined ? {} : { pendingUntil }) };
}

/** The condition that the stored watermark is still the one read. */
function sameWatermark(state: WatermarkState, values: Record<string, AttributeValue>): string {
    if (state.watermark === undefined) {
        return "attribute_not_exists(watermark)";
    }
    values[":old"] = { S: state.watermark };
    return "watermark = :old";
}

async function conditional(store: WatermarkStore, input: ConstructorParameters<typeof UpdateItemCommand>[0], what: string): Promise<void> {
    try {
        await store.dynamo.send(new UpdateItemCommand(input));
    } catch (err) {
        if (err instanceof ConditionalCheckFailedException) {
            throw new Error(
                `watermark of ${store.source} changed while this run was ${what}: another run is probably active; this one stops, and the next run continues from the stored state`,
                {
                    cause: err,
                },
            );
        }
        throw err;
    }
}

/** Records that the batch up to `until` is about to be written. */
export async function claimBatch(store: WatermarkStore, state: WatermarkState, until: string, now: Date): Promise<void> {
    const values: Record<string, AttributeValue> = { ":until": { S: until }, ":now": { S: now.toISOString() } };
    await conditional(
        store,
        {
            TableName: store.table,
            Key: { source: { S: store.source } },
            UpdateExpression: "SET pendingUntil = :until, claimedAt = :now",
            ConditionExpression: `attribute_not_exists(pendingUntil) AND ${sameWatermark(state, values)}`,
            ExpressionAttributeValues: values,
        },
        "claiming a batch",
    );
}

/** Moves the watermark to `until` once its batch is written, and clears the claim. */
export async function advanceWatermark(store: WatermarkStore, state: WatermarkState, until: string, now: Date, objectKey?: string): Promise<void> {
    const values: Record<string, AttributeValue> = { ":until": { S: until }, ":now": { S: now.toISOString() } };
    let set = "SET watermark = :until, updatedAt = :now";
    if (objectKey !== undefined) {
        values[":key"] = { S: objectKey };
        set += ", lastObjectKey = :key";
    }
    await conditional(
        store,
        {
            TableName: store.table,
            Key: { source: { S: store.source } },
            UpdateExpression: `${set} REMOVE pendingUntil`,
            ConditionExpression: `pendingUntil = :until AND ${sameWatermark(state, values)}`,
            ExpressionAttributeValues: values,
        },
        "advancing the watermark",
    );
}
