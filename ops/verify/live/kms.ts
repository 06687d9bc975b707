import { GetKeyPolicyCommand, ListAliasesCommand } from "@aws-sdk/client-kms";
import { CapturedResource } from "../../../plan/mock-aws";
import { allPages } from "../paginate";
import { LiveReadContext, liveResource, planned } from "./context";
import { policyAsOf } from "./ended-statements";

/**
 * Key policies, live, as the `aws:kms/key:Key` resources the plan's collector reads. The
 * keys read are the project's, found by alias (the plan's, or any under the topology's
 * prefix); a key keeps the plan's resource name when its alias is the plan's, so its rows
 * name the same key on both sides.
 */

const KEY = "aws:kms/key:Key";
const ALIAS = "aws:kms/alias:Alias";

export async function readKms(context: LiveReadContext): Promise<CapturedResource[]> {
    const { kms } = context.clients;
    const aliases = await allPages("kms ListAliases", async (marker) => {
        const page = await context.call("kms ListAliases", () => kms.send(new ListAliasesCommand({ Marker: marker })));
        return { items: page.Aliases, next: page.Truncated ? page.NextMarker : undefined };
    });
    const keyNameByAlias = new Map(
        planned(context, ALIAS).flatMap((alias) => {
            const key = planned(context, KEY).find((k) => k.id === alias.inputs.targetKeyId);
            return key ? [[String(alias.inputs.name), key.name] as const] : [];
        }),
    );
    const prefix = `alias/${context.topology.namePrefix}-`;
    const keys = new Map<string, string>();
    for (const alias of aliases) {
        if (!alias.AliasName || !alias.TargetKeyId) continue;
        const name = keyNameByAlias.get(alias.AliasName) ?? (alias.AliasName.startsWith(prefix) ? alias.AliasName : undefined);
        if (name !== undefined && !keys.has(alias.TargetKeyId)) keys.set(alias.TargetKeyId, name);
    }
    const resources: CapturedResource[] = [];
    for (const [keyId, name] of keys) {
        const { Policy } = await context.call(`kms GetKeyPolicy ${name}`, () => kms.send(new GetKeyPolicyCommand({ KeyId: keyId, PolicyName: "default" })));
        resources.push(liveResource(context, KEY, name, { policy: policyAsOf(Policy, context.asOf) }, keyId));
    }
    return resources;
}
