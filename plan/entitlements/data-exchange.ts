import { StackEvaluation } from "../evaluation";
import { EntitlementContext } from "./context";
import { Entitlement } from "./model";

const DATA_SET = "aws:dataexchange/dataSet:DataSet";
const DATA_GRANT = "pulumi-nodejs:dynamic/datasharing:DataGrant";

/**
 * Pattern 1: each Data Exchange data grant (a dynamic resource, see
 * components/data-exchange/data-grant.ts) entitles one consumer account to one data set
 * until its own end date, which AWS enforces even if no one runs `pulumi up` again.
 */
export function dataExchangeEntitlements(stack: StackEvaluation, context: EntitlementContext): Entitlement[] {
    const productOfDataSet = new Map(stack.resources.filter((r) => r.type === DATA_SET).map((r) => [r.id, r.inputs.tags?.product as string | undefined]));
    return stack.resources
        .filter((r) => r.type === DATA_GRANT)
        .map((grant): Entitlement => {
            const account = String(grant.inputs.receiverAccountId);
            const who = context.who(context.consumerOfAccount(account), account);
            const endsAt: string | undefined = grant.inputs.endsAt;
            const ended = endsAt !== undefined && Date.parse(endsAt) <= context.asOf.getTime();
            return {
                ...who,
                principal: account,
                principalAccount: account,
                grantorAccount: stack.account.accountId,
                path: "data exchange grant",
                pattern: "data-exchange",
                ...context.product(productOfDataSet.get(grant.inputs.sourceDataSetId)),
                resource: `data set ${grant.inputs.sourceDataSetId} (grant ${grant.inputs.name})`,
                actions: ["export the data set's revisions (entitled data set)"],
                // The consumer's date as declared reads better than the grant's instant; they are the same end.
                endsAt: who.endsAt ?? endsAt,
                status: ended ? "expired" : who.status,
                basis: "registered",
            };
        });
}
