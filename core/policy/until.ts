import { Conditions } from "./document";

/**
 * The condition that ends an IAM-evaluated grant on its own at the consumer's end date:
 * `DateLessThan aws:CurrentTime`. Without it a key, bucket or access point policy keeps
 * admitting an ended consumer until someone runs `pulumi up` again.
 * @returns conditions to spread into a statement's (none when access does not end)
 */
export function until(endsAt: Date | undefined): Conditions {
    return endsAt ? { DateLessThan: { "aws:CurrentTime": endsAt.toISOString() } } : {};
}
