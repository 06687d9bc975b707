/** What `npm run deploy` can do to each stack: the Pulumi operations of the same names. */
export const OPERATIONS = ["preview", "up", "refresh", "destroy"] as const;

export type Operation = (typeof OPERATIONS)[number];

export function isOperation(value: string): value is Operation {
    return (OPERATIONS as readonly string[]).includes(value);
}

/** Destroy runs against the deploy order: a stack goes only once nothing left reads it. */
export function runsInReverse(operation: Operation): boolean {
    return operation === "destroy";
}
