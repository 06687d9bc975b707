import * as pulumi from "@pulumi/pulumi";
import { AwsTarget } from "../../core/dynamic/aws-target";
import { LakeShare, databasesOf, principalGrants } from "./model";
import { AccountNames } from "../../core/naming";
import { LakeFormationGrants } from "../../components/lake-formation/grants";
import { LakeFormationSettings, deployingPrincipal } from "../../components/lake-formation/settings";
import { ResourceLinks } from "./resource-links";
import { ShareAcceptance } from "./share-acceptance";

/** Shares one consumer receives from one owner of tables. */
export interface ReceivedShares {
    /** Short name of the owner in link names, e.g. "governance" or "external". */
    label: string;
    /** Names in the account owning the shared catalog (governance for pattern 2, external for 3), which grants and so sends the invitation. */
    owner: AccountNames;
    shares: readonly LakeShare[];
    /** Whether to run the RAM acceptance (see acceptanceNeeded): false only when owner and consumer are both in the producer's Organization. */
    acceptance: boolean;
}

export interface ConsumerLakeArgs {
    /** The account's verification role, made a Lake Formation read-only admin (npm run verify lists every grant with it). @default undefined */
    verificationRoleArn?: pulumi.Input<string>;
    names: AccountNames;
    target: AwsTarget;
    received: readonly ReceivedShares[];
    crossAccountVersion: string;
}

/**
 * A consumer account's side of patterns 2 and 3: invitations from each owning account
 * accepted, resource links in its own catalog, and its principals (from the topology)
 * granted DESCRIBE on the links and their target databases, and read on the shared tables. An expired consumer receives no shares, so gets none of this.
 */
export class ConsumerLake extends pulumi.ComponentResource {
    constructor(name: string, args: ConsumerLakeArgs, opts?: pulumi.ComponentResourceOptions) {
        super("datasharing:lakeformation:ConsumerLake", name, {}, opts);
        const parent = { parent: this };
        const received = args.received.filter((r) => r.shares.length > 0);
        if (received.length === 0) {
            this.registerOutputs({});
            return;
        }
        const lakeSettings = new LakeFormationSettings(
            name,
            {
                admins: [deployingPrincipal(this)],
                crossAccountVersion: args.crossAccountVersion,
                target: args.target,
                readOnlyAdmins: args.verificationRoleArn ? [args.verificationRoleArn] : [],
            },
            parent,
        );
        const settings = lakeSettings.ready;
        for (const r of received) {
            const databases = databasesOf(r.shares);
            const accepted = new ShareAcceptance(
                `${name}-${r.label}-share`,
                { target: args.target, senderAccountId: r.owner.account.accountId, owner: r.owner, databases, needed: r.acceptance },
                { parent: this, dependsOn: settings },
            );
            const linkOf = (database: string) => args.names.catalog(r.label, database);
            const links = new ResourceLinks(
                `${name}-${r.label}-links`,
                {
                    ownerAccountId: r.owner.account.accountId,
                    ownerRegion: r.owner.account.region,
                    links: Object.fromEntries(databases.map((d) => [d, linkOf(d)])),
                    after: [...settings, ...accepted.acceptances],
                },
                parent,
            );
            new LakeFormationGrants(
                `${name}-${r.label}-grants`,
                { grants: principalGrants(r.shares, r.owner.account.accountId, linkOf), after: [...settings, ...accepted.acceptances, ...links.databases] },
                parent,
            );
        }
        this.registerOutputs({});
    }
}
