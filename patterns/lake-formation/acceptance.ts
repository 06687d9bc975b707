import { Account, Consumer } from "../../core/topology/model";

/**
 * Whether a consumer must accept an AWS RAM invitation for what `sender` grants it. Lake
 * Formation shares inside one AWS Organization are active at once; outside, RAM sends an
 * invitation. The topology says a consumer is in the producer's Organization; the sender
 * (governance for pattern 2, the external account for pattern 3) is in it only when its
 * declared organizationId is the producer's. When that is unknown, acceptance runs: the
 * provider also succeeds on a share that needed none.
 */
export function acceptanceNeeded(
    consumer: Pick<Consumer, "account">,
    sender: Pick<Account, "organizationId">,
    producer: Pick<Account, "organizationId">,
): boolean {
    const consumerInProducerOrg = consumer.account?.sameOrganization === true && producer.organizationId !== undefined;
    const senderInProducerOrg = sender.organizationId !== undefined && sender.organizationId === producer.organizationId;
    return !(consumerInProducerOrg && senderInProducerOrg);
}
