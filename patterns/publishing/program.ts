import { glueLogsKeyGrant } from "../../components/glue-encryption";
import { AccountScope } from "../../core/stack/scope";
import { PatternProgram } from "../program";
import { publishedProducts } from "./products";
import { Publishing } from "./publishing";

/**
 * What publishing builds, in the producer only: the grant on the Published Datasets key its
 * jobs' logs need (before the bucket exists), then a publish job per published product over
 * the lake. Operators read the jobs' names (one is started by hand for the first snapshot).
 */

const products = (scope: AccountScope) => publishedProducts(scope.ctx.topology, scope.ctx.patterns.servingSnapshots);

export const publishingProgram: PatternProgram = {
    producer: {
        // Glue's logs of the publish jobs are encrypted with the published key.
        publishedAccess: (scope) => (products(scope).length > 0 ? { keyGrants: [glueLogsKeyGrant(scope.ctx.names)] } : {}),
        build(scope, base) {
            const published = products(scope);
            if (published.length === 0) return {};
            const { names } = scope.ctx;
            const lake = base.lake!;
            const publishing = new Publishing(
                "publishing",
                {
                    names,
                    products: published,
                    publishedBucket: {
                        name: base.published!.bucket.bucketName,
                        arn: names.bucketArn(names.bucket("published")),
                        keyArn: base.published!.key.arn,
                    },
                    lake: {
                        bucketName: lake.lakeBucket.bucketName,
                        assetsBucketName: lake.assetsBucket.bucketName,
                        assetsBucketArn: names.bucketArn(names.bucket("glue-assets")),
                        keyArn: lake.key.arn,
                    },
                    after: [...lake.catalog.ready, lake.catalog.location, lake.grants],
                },
                scope.opts,
            );
            return { outputs: { publishJobs: Object.values(publishing.publishers).map((p) => p.jobName) } };
        },
    },
};
