import * as pulumi from "@pulumi/pulumi";
import { AwsTarget } from "../../core/dynamic/aws-target";
import { LakeShare, consumerAccountGrants, databasesOf } from "../../core/lake-formation/sharing";
import { AccountNames } from "../../core/naming";
import { LakeFormationGrants } from "../lake-formation-grants";
import { LakeFormationSettings, deployingPrincipal } from "./lake-formation-settings";
import { ResourceLinks } from "./resource-links";
import { ShareAcceptance } from "./share-acceptance";

export interface GovernanceHubArgs {
    names: AccountNames;
    target: AwsTarget;
    /** Names in the producer account, which owns the shared tables. */
    producer: AccountNames;
    /** Active shares of pattern 2. */
    shares: readonly LakeShare[];
    /** Whether governance and producer are in one AWS Organization (no invitation to accept). */
    sameOrganization: boolean;
    crossAccountVersion: string;
}

/**
 * The central governance account of pattern 2: Lake Formation managed here for the
 * producer's shares. It accepts the producer's share, links the shared databases into its
 * catalog, and grants each consumer account by LF-tag expression.
 */
export class GovernanceHub extends pulumi.ComponentResource {
    public readonly settings: LakeFormationSettings;
    public readonly grants: LakeFormationGrants;

    constructor(name: string, args: GovernanceHubArgs, opts?: pulumi.ComponentResourceOptions) {
        super("datasharing:lakeformation:GovernanceHub", name, {}, opts);
        const parent = { parent: this };
        this.settings = new LakeFormationSettings(name, { admins: [deployingPrincipal(this)], crossAccountVersion: args.crossAccountVersion }, parent);
        const databases = databasesOf(args.shares);
        const accepted = new ShareAcceptance(
            `${name}-producer-share`,
            { target: args.target, senderAccountId: args.producer.account.accountId, owner: args.producer, databases, needed: !args.sameOrganization && databases.length > 0 },
            { parent: this, dependsOn: [this.settings] },
        );
        new ResourceLinks(
            `${name}-links`,
            {
                ownerAccountId: args.producer.account.accountId,
                ownerRegion: args.producer.account.region,
                links: Object.fromEntries(databases.map((d) => [d, args.names.catalog("producer", d)])),
                after: [this.settings, ...accepted.acceptances],
            },
            parent,
        );
        this.grants = new LakeFormationGrants(
            `${name}-to-consumers`,
            { grants: consumerAccountGrants(args.shares, { accountId: args.producer.account.accountId, isGrantor: false }), after: [this.settings, ...accepted.acceptances] },
            parent,
        );
        this.registerOutputs({});
    }
}
