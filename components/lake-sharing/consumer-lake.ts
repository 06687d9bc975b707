import * as pulumi from "@pulumi/pulumi";
import { AwsTarget } from "../../core/dynamic/aws-target";
import { LakeShare, databasesOf, principalGrants } from "../../core/lake-formation/sharing";
import { AccountNames } from "../../core/naming";
import { LakeFormationGrants } from "../lake-formation-grants";
import { LakeFormationSettings, deployingPrincipal } from "./lake-formation-settings";
import { ResourceLinks } from "./resource-links";
import { ShareAcceptance } from "./share-acceptance";

/** Shares one consumer receives from one owner of tables. */
export interface ReceivedShares {
    /** Short name of the owner in link names, e.g. "producer" or "external". */
    label: string;
    /** Names in the account owning the tables. */
    owner: AccountNames;
    /** Account whose grant sent the invitation (governance for pattern 2, the owner for pattern 3). */
    senderAccountId: string;
    shares: readonly LakeShare[];
}

export interface ConsumerLakeArgs {
    names: AccountNames;
    target: AwsTarget;
    received: readonly ReceivedShares[];
    /** In the producer's AWS Organization: shares are active at once, nothing to accept. */
    sameOrganization: boolean;
    crossAccountVersion: string;
}

/**
 * A consumer account's side of patterns 2 and 3: invitations accepted, resource links in
 * its own catalog, and its principals (from the topology) granted DESCRIBE on the links and
 * read on the shared tables. An expired consumer receives no shares, so gets none of this.
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
        const settings = new LakeFormationSettings(name, { admins: [deployingPrincipal(this)], crossAccountVersion: args.crossAccountVersion }, parent);
        for (const r of received) {
            const databases = databasesOf(r.shares);
            const accepted = new ShareAcceptance(
                `${name}-${r.label}-share`,
                { target: args.target, senderAccountId: r.senderAccountId, owner: r.owner, databases, needed: !args.sameOrganization },
                { parent: this, dependsOn: [settings] },
            );
            const linkOf = (database: string) => args.names.catalog(r.label, database);
            const links = new ResourceLinks(
                `${name}-${r.label}-links`,
                { ownerAccountId: r.owner.account.accountId, ownerRegion: r.owner.account.region, links: Object.fromEntries(databases.map((d) => [d, linkOf(d)])), after: [settings, ...accepted.acceptances] },
                parent,
            );
            new LakeFormationGrants(
                `${name}-${r.label}-grants`,
                { grants: principalGrants(r.shares, r.owner.account.accountId, linkOf), after: [settings, ...accepted.acceptances, ...links.databases] },
                parent,
            );
        }
        this.registerOutputs({});
    }
}
