import {
    AttributeValue,
    ConditionalCheckFailedException,
    DynamoDBClient,
    GetItemCommand,
    GetItemCommandInput,
    PutItemCommand,
    PutItemCommandInput,
    QueryCommand,
    QueryCommandInput,
    UpdateItemCommand,
    UpdateItemCommandInput,
} from "@aws-sdk/client-dynamodb";
import { AwsStub } from "aws-sdk-client-mock";

/**
 * An in-memory DynamoDB table behind an aws-sdk-client-mock stub, so handler tests see
 * real conditional writes: two PutItems of one key, a condition on a changed status. It
 * understands the expressions the handlers write: conditions joined by AND and OR (with
 * parentheses) of `attribute_exists(a)`, `attribute_not_exists(a)`, `a = :v`, `a <> :v` and
 * `a < :v` (and the other orderings); updates of `SET a = :v`,
 * `SET a = if_not_exists(a, :z) + :n`, `SET a = a + :n` and `REMOVE a`; queries of `a = :v`.
 */

type Item = Record<string, AttributeValue>;
type Names = Record<string, string> | undefined;
type Values = Record<string, AttributeValue> | undefined;

/** A secondary index: its hash key and optional range key (sorted as strings). */
export interface FakeIndex {
    readonly hash: string;
    readonly range?: string;
}

function name(token: string, names: Names): string {
    const t = token.trim();
    if (t.startsWith("#")) {
        const resolved = names?.[t];
        if (!resolved) {
            throw new Error(`fake DynamoDB: expression name ${t} is not defined`);
        }
        return resolved;
    }
    return t;
}

function value(token: string, values: Values): AttributeValue {
    const resolved = values?.[token.trim()];
    if (!resolved) {
        throw new Error(`fake DynamoDB: expression value ${token.trim()} is not defined`);
    }
    return resolved;
}

const same = (a: AttributeValue | undefined, b: AttributeValue): boolean => a !== undefined && JSON.stringify(a) === JSON.stringify(b);

/** Splits at top-level commas (not inside `if_not_exists(a, :z)`). */
function splitTop(text: string): string[] {
    const parts: string[] = [];
    let depth = 0;
    let current = "";
    for (const ch of text) {
        if (ch === "(") depth++;
        if (ch === ")") depth--;
        if (ch === "," && depth === 0) {
            parts.push(current);
            current = "";
        } else {
            current += ch;
        }
    }
    parts.push(current);
    return parts.map((p) => p.trim()).filter((p) => p !== "");
}

/** Splits at a top-level keyword (AND / OR), outside parentheses. */
function splitKeyword(text: string, keyword: "AND" | "OR"): string[] {
    const parts: string[] = [];
    let depth = 0;
    let start = 0;
    const pattern = new RegExp(`\\s+${keyword}\\s+`, "iy");
    for (let i = 0; i < text.length; i++) {
        if (text[i] === "(") depth++;
        if (text[i] === ")") depth--;
        if (depth === 0) {
            pattern.lastIndex = i;
            const m = pattern.exec(text);
            if (m) {
                parts.push(text.slice(start, i));
                start = i + m[0].length;
                i = start - 1;
            }
        }
    }
    parts.push(text.slice(start));
    return parts.map((p) => p.trim());
}

/** Whether the whole text is one parenthesised group. */
function wrapped(text: string): boolean {
    if (!text.startsWith("(") || !text.endsWith(")")) return false;
    let depth = 0;
    for (let i = 0; i < text.length; i++) {
        if (text[i] === "(") depth++;
        if (text[i] === ")") depth--;
        if (depth === 0 && i < text.length - 1) return false;
    }
    return true;
}

/** Orders two attribute values of one type (N numerically, S as strings). */
function compare(a: AttributeValue, b: AttributeValue): number {
    if (a.N !== undefined && b.N !== undefined) return Number(a.N) - Number(b.N);
    if (a.S !== undefined && b.S !== undefined) return a.S < b.S ? -1 : a.S > b.S ? 1 : 0;
    throw new Error("fake DynamoDB: comparison of values of different types");
}

/** Whether an item (undefined: absent) meets a condition expression. */
export function meets(item: Item | undefined, expression: string | undefined, names: Names, values: Values): boolean {
    if (!expression) {
        return true;
    }
    const c = expression.trim();
    if (wrapped(c)) return meets(item, c.slice(1, -1), names, values);
    const ors = splitKeyword(c, "OR");
    if (ors.length > 1) return ors.some((part) => meets(item, part, names, values));
    const ands = splitKeyword(c, "AND");
    if (ands.length > 1) return ands.every((part) => meets(item, part, names, values));
    let m = /^attribute_not_exists\(([^)]+)\)$/.exec(c);
    if (m) return item?.[name(m[1], names)] === undefined;
    m = /^attribute_exists\(([^)]+)\)$/.exec(c);
    if (m) return item?.[name(m[1], names)] !== undefined;
    m = /^(\S+)\s*(=|<>|<|<=|>|>=)\s*(:\S+)$/.exec(c);
    if (m) {
        const actual = item?.[name(m[1], names)];
        const wanted = value(m[3], values);
        if (m[2] === "=") return same(actual, wanted);
        if (m[2] === "<>") return !same(actual, wanted);
        // A comparison with a missing attribute is false, as in DynamoDB.
        if (actual === undefined) return false;
        const order = compare(actual, wanted);
        return { "<": order < 0, "<=": order <= 0, ">": order > 0, ">=": order >= 0 }[m[2] as "<" | "<=" | ">" | ">="];
    }
    throw new Error(`fake DynamoDB: condition ${JSON.stringify(c)} is not understood`);
}

function applyUpdate(item: Item, expression: string, names: Names, values: Values): Item {
    const out = { ...item };
    const sections = [...expression.matchAll(/(SET|REMOVE)\s+(.*?)(?=\s+(?:SET|REMOVE)\s+|$)/gi)];
    for (const [, action, body] of sections) {
        for (const part of splitTop(body)) {
            if (action.toUpperCase() === "REMOVE") {
                delete out[name(part, names)];
                continue;
            }
            const [lhs, rhs] = part.split(/=(.*)/s).map((s) => s.trim());
            const target = name(lhs, names);
            let m = /^if_not_exists\(([^,]+),\s*(:\S+)\)\s*\+\s*(:\S+)$/.exec(rhs);
            if (m) {
                const base = out[name(m[1], names)] ?? value(m[2], values);
                out[target] = { N: String(Number(base.N) + Number(value(m[3], values).N)) };
                continue;
            }
            m = /^(\S+)\s*\+\s*(:\S+)$/.exec(rhs);
            if (m) {
                out[target] = { N: String(Number(out[name(m[1], names)]?.N) + Number(value(m[2], values).N)) };
                continue;
            }
            out[target] = value(rhs, values);
        }
    }
    return out;
}

function conditionFailed(item: Item | undefined, returnItem: boolean): ConditionalCheckFailedException {
    return new ConditionalCheckFailedException({ message: "The conditional request failed", $metadata: {}, ...(returnItem && item ? { Item: item } : {}) });
}

/**
 * One table: items by primary key (hash, or hash and range), with optional secondary
 * indexes. `items` is keyed by the hash value, or `<hash>|<range>` with a range key.
 */
export class FakeTable {
    readonly items = new Map<string, Item>();

    constructor(
        readonly hashKey: string,
        readonly indexes: Record<string, FakeIndex> = {},
        readonly rangeKey?: string,
    ) {}

    private keyOf(key: Item | undefined): string {
        const parts = [this.hashKey, ...(this.rangeKey ? [this.rangeKey] : [])].map((attribute) => {
            const k = key?.[attribute]?.S;
            if (k === undefined) {
                throw new Error(`fake DynamoDB: the key must hold ${attribute} (S)`);
            }
            return k;
        });
        return parts.join("|");
    }

    /** A `Key` parameter: DynamoDB rejects one holding attributes beyond the key schema. */
    private keyOfKey(key: Item | undefined): string {
        const extra = Object.keys(key ?? {}).filter((a) => a !== this.hashKey && a !== this.rangeKey);
        if (extra.length > 0) {
            throw new Error(
                `fake DynamoDB: the key holds ${extra.join(", ")}, not in the key schema (${[this.hashKey, this.rangeKey].filter(Boolean).join(", ")})`,
            );
        }
        return this.keyOf(key);
    }

    put(input: PutItemCommandInput): object {
        const key = this.keyOf(input.Item);
        const old = this.items.get(key);
        if (!meets(old, input.ConditionExpression, input.ExpressionAttributeNames, input.ExpressionAttributeValues)) {
            throw conditionFailed(old, input.ReturnValuesOnConditionCheckFailure === "ALL_OLD");
        }
        this.items.set(key, { ...input.Item! });
        return {};
    }

    get(input: GetItemCommandInput): object {
        const item = this.items.get(this.keyOfKey(input.Key));
        return item ? { Item: { ...item } } : {};
    }

    update(input: UpdateItemCommandInput): object {
        const key = this.keyOfKey(input.Key);
        const old = this.items.get(key);
        if (!meets(old, input.ConditionExpression, input.ExpressionAttributeNames, input.ExpressionAttributeValues)) {
            throw conditionFailed(old, input.ReturnValuesOnConditionCheckFailure === "ALL_OLD");
        }
        this.items.set(
            key,
            applyUpdate(old ?? { ...input.Key! }, input.UpdateExpression ?? "", input.ExpressionAttributeNames, input.ExpressionAttributeValues),
        );
        return {};
    }

    query(input: QueryCommandInput): object {
        const index = input.IndexName ? this.indexes[input.IndexName] : { hash: this.hashKey };
        if (!index) {
            throw new Error(`fake DynamoDB: no index ${input.IndexName}`);
        }
        const m = /^(\S+)\s*=\s*(:\S+)$/.exec(input.KeyConditionExpression?.trim() ?? "");
        if (!m || name(m[1], input.ExpressionAttributeNames) !== index.hash) {
            throw new Error(`fake DynamoDB: key condition ${JSON.stringify(input.KeyConditionExpression)} must be "<hash> = :v" on ${index.hash}`);
        }
        const wanted = value(m[2], input.ExpressionAttributeValues);
        const found = [...this.items.values()].filter((item) => same(item[index.hash], wanted));
        if (index.range) {
            const range = index.range;
            // A sparse index holds only items that have its range key.
            const indexed = found.filter((item) => item[range]?.S !== undefined);
            indexed.sort((a, b) => (a[range].S! < b[range].S! ? -1 : a[range].S! > b[range].S! ? 1 : 0));
            return { Items: indexed.map((i) => ({ ...i })), Count: indexed.length };
        }
        return { Items: found.map((i) => ({ ...i })), Count: found.length };
    }

    /** An item as plain values (S as string, N as number), for assertions. */
    plain(key: string): Record<string, string | number> | undefined {
        const item = this.items.get(key);
        if (!item) {
            return undefined;
        }
        return Object.fromEntries(Object.entries(item).map(([k, v]) => [k, v.N !== undefined ? Number(v.N) : (v.S as string)]));
    }
}

/** Routes a DynamoDB stub's item commands to the table. */
export function serveTable(stub: AwsStub<any, any, any>, table: FakeTable): void {
    stub.on(PutItemCommand).callsFake(async (input: PutItemCommandInput) => table.put(input));
    stub.on(GetItemCommand).callsFake(async (input: GetItemCommandInput) => table.get(input));
    stub.on(UpdateItemCommand).callsFake(async (input: UpdateItemCommandInput) => table.update(input));
    stub.on(QueryCommand).callsFake(async (input: QueryCommandInput) => table.query(input));
}

/** Every client created after `mockClient(DynamoDBClient)` is served by the stub; this one is handed to handlers. */
export const dynamoClient = (): DynamoDBClient => new DynamoDBClient({ region: "eu-west-1" });
