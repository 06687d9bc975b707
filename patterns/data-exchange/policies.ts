import * as pulumi from "@pulumi/pulumi";
import { AccountNames } from "../../core/naming";
import { PolicyDocument, policyDocument } from "../../core/policy/document";
import { manifestsPrefixOf } from "./handlers/manifest";

/**
 * What the revision function of pattern 1 may do: read its products' snapshots (the
 * manifests itself, the objects also through Data Exchange, whose import job reads them as
 * the function: a forward access session, `aws:CalledVia` = dataexchange.amazonaws.com),
 * with the bucket's key through S3 only; make, finalize and revoke revisions of its
 * products' data sets only; and run import jobs only.
 */

export const DATA_EXCHANGE_SERVICE = "dataexchange.amazonaws.com";

export interface RevisionFunctionScope {
    /** Names of the sharing (external) account. */
    readonly names: AccountNames;
    /** The bucket replication delivers the snapshots to, and its key. */
    readonly bucketArn: string;
    readonly keyArn: pulumi.Input<string>;
    /** The products, each with its data set. */
    readonly products: readonly { readonly name: string; readonly dataSetId: pulumi.Input<string> }[];
}

/** `a + b`, a plain string when both are (so the document can be evaluated as it is). */
function suffixed(a: pulumi.Input<string>, b: pulumi.Input<string>): pulumi.Input<string> {
    return typeof a === "string" && typeof b === "string" ? a + b : pulumi.interpolate`${a}${b}`;
}

export function revisionFunctionPolicy(r: RevisionFunctionScope): PolicyDocument {
    const { names } = r;
    const dataSets = r.products.map((p) => suffixed(names.arn("dataexchange", "data-sets/"), p.dataSetId));
    return policyDocument([
        { Sid: "ReadOwnSnapshots", Effect: "Allow", Action: "s3:GetObject", Resource: r.products.map((p) => `${r.bucketArn}/${p.name}/*`) },
        {
            Sid: "ListOwnManifests",
            Effect: "Allow",
            Action: "s3:ListBucket",
            Resource: r.bucketArn,
            Condition: { StringLike: { "s3:prefix": r.products.flatMap((p) => [manifestsPrefixOf(p.name), `${manifestsPrefixOf(p.name)}*`]) } },
        },
        {
            Sid: "BucketKeyThroughS3",
            Effect: "Allow",
            Action: "kms:Decrypt",
            Resource: r.keyArn,
            Condition: { StringEquals: { "kms:ViaService": `s3.${names.account.region}.amazonaws.com` } },
        },
        { Sid: "RevisionsOfOwnDataSets", Effect: "Allow", Action: ["dataexchange:CreateRevision", "dataexchange:ListDataSetRevisions"], Resource: dataSets },
        {
            Sid: "FinalizeAndRevokeOwnRevisions",
            Effect: "Allow",
            // DeleteRevision: the function deletes only a duplicate it has just created, unfinalized (see revisions.ts).
            Action: ["dataexchange:ListRevisionAssets", "dataexchange:UpdateRevision", "dataexchange:RevokeRevision", "dataexchange:DeleteRevision"],
            Resource: dataSets.map((arn) => suffixed(arn, "/revisions/*")),
        },
        {
            Sid: "ImportJobsOnly",
            Effect: "Allow",
            Action: "dataexchange:CreateJob",
            Resource: names.arn("dataexchange", "jobs/*"),
            Condition: { StringEquals: { "dataexchange:JobType": "IMPORT_ASSETS_FROM_S3" } },
        },
        { Sid: "RunImportJobs", Effect: "Allow", Action: ["dataexchange:StartJob", "dataexchange:GetJob"], Resource: names.arn("dataexchange", "jobs/*") },
    ]);
}
