import * as aws from "@pulumi/aws";
import { typeOf } from "../../core/resource-type";
import { EntitlementContext } from "../../plan/entitlements/context";
import { Entitlement } from "../../plan/entitlements/model";
import { StackEvaluation } from "../../plan/evaluation";
import { DynamicMock } from "../../plan/mock-aws";
import { PatternReport } from "../../plan/pattern-report";
import { DATA_GRANT_TYPE as DATA_GRANT } from "./data-grant";
import { DATA_GRANT_ACCEPTANCE_TYPE } from "./data-grant-acceptance";

declare module "../../plan/entitlements/model" {
    interface AccessPaths {
        "data exchange grant": true;
    }
}

/** The type data sets are registered under. */
export const DATA_SET = typeOf(aws.dataexchange.DataSet);

/**
 * Pattern 1: each Data Exchange data grant (a dynamic resource, see
 * patterns/data-exchange/data-grant.ts) entitles one consumer account to one data set
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

/** Pattern 1 in the entitlement report and the diagram. */
export const dataExchangeReport: PatternReport = {
    entitlements: (evaluation, context) => evaluation.stacks.flatMap((s) => dataExchangeEntitlements(s, context)),
    paths: { "data exchange grant": "Data Exchange grant" },
};

/** What Data Exchange would answer for a grant and an acceptance: their ids and ARNs. */
export const dataExchangeMocks: Readonly<Record<string, DynamicMock>> = {
    [DATA_GRANT]: (_inputs, { region, accountId }, hash) => ({
        dataGrantId: hash.slice(0, 32),
        dataGrantArn: `arn:aws:dataexchange:${region}:${accountId}:data-grants/${hash.slice(0, 32)}`,
    }),
    [DATA_GRANT_ACCEPTANCE_TYPE]: (inputs, { region }, hash) => ({
        dataGrantId: hash.slice(0, 32),
        dataGrantArn: inputs.dataGrantArn ?? `arn:aws:dataexchange:${region}:${inputs.senderAccountId}:data-grants/${hash.slice(0, 32)}`,
        receivedDataSetId: hash.slice(32, 64) || hash,
    }),
};
