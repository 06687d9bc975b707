import { glueLogsKeyGrant } from "../components/glue-encryption";
import { Publishing } from "../components/publishing";
import { PublishedProduct, publishedProducts } from "../components/publishing/products";
import { PublishedDatasets } from "../components/published-datasets/index";
import { SecureLake } from "../components/secure-lake";
import { KeyGrant } from "../core/policy/key-policy";
import { AccountScope } from "./account";

/**
 * Publishing (patterns 1 and 3) in the producer: what the Published Datasets key must allow
 * before the bucket exists, then the publish jobs over the lake.
 */
export interface ProducerPublishing {
    readonly products: readonly PublishedProduct[];
    /** Grants on the published key: Glue's logs of the publish jobs are encrypted with it. */
    readonly keyGrants: KeyGrant[];
    /** Builds the jobs once the lake and the bucket exist; returns the job names for operators. */
    build(lake: SecureLake, published: PublishedDatasets): string[];
}

export function producerPublishing(scope: AccountScope): ProducerPublishing {
    const { ctx } = scope;
    const products = publishedProducts(ctx.topology, ctx.patterns.servingSnapshots);
    return {
        products,
        keyGrants: products.length > 0 ? [glueLogsKeyGrant(ctx.names)] : [],
        build(lake, published) {
            if (products.length === 0) return [];
            const { names } = ctx;
            const publishing = new Publishing(
                "publishing",
                {
                    names,
                    products,
                    publishedBucket: { name: published.bucket.bucketName, arn: names.bucketArn(names.bucket("published")), keyArn: published.key.arn },
                    lake: { bucketName: lake.lakeBucket.bucketName, assetsBucketName: lake.assetsBucket.bucketName, assetsBucketArn: names.bucketArn(names.bucket("glue-assets")), keyArn: lake.key.arn },
                    after: [...lake.catalog.ready, lake.catalog.location, lake.grants],
                },
                scope.opts,
            );
            return Object.values(publishing.publishers).map((p) => p.jobName);
        },
    };
}
