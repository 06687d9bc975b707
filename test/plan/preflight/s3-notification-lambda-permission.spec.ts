import { strict as assert } from "assert";
import { s3NotificationLambdaPermission } from "../../../plan/preflight/rules/s3-notification-lambda-permission";
import { FixtureResource, fixtureStack, violations } from "../../support/preflight";

const BUCKET = "datasharing-external-published-333333333333-eu-west-1";
const FUNCTION_ARN = "arn:aws:lambda:eu-west-1:333333333333:function:datasharing-data-exchange-revisions";
const PERMISSION = "aws:lambda/permission:Permission";

const fn: FixtureResource = {
    type: "aws:lambda/function:Function",
    name: "revisions",
    inputs: { name: "datasharing-data-exchange-revisions" },
    state: { arn: FUNCTION_ARN },
};
const permission = (inputs: Record<string, unknown> = {}): FixtureResource => ({
    type: PERMISSION,
    name: "revisions-s3",
    inputs: {
        function: "datasharing-data-exchange-revisions",
        action: "lambda:InvokeFunction",
        principal: "s3.amazonaws.com",
        sourceArn: `arn:aws:s3:::${BUCKET}`,
        sourceAccount: "333333333333",
        ...inputs,
    },
});
const notification = (dependsOn: string[] = []): FixtureResource => ({
    type: "aws:s3/bucketNotification:BucketNotification",
    name: "revisions",
    inputs: {
        bucket: BUCKET,
        lambdaFunctions: [{ lambdaFunctionArn: FUNCTION_ARN, events: ["s3:ObjectCreated:*"], filterPrefix: "market_prices/_manifests/" }],
    },
    dependsOn,
});

describe("preflight: s3-notification-lambda-permission", () => {
    it("refuses a notification saved before the Permission that lets S3 invoke its function (S3 cannot validate the destination)", () => {
        const found = violations(s3NotificationLambdaPermission, [fixtureStack("external", "333333333333", [fn, permission(), notification()])]);
        assert.equal(found.length, 1);
        assert.match(found[0].message, /without waiting for the Permission that lets S3 invoke it \(aws:lambda\/permission:Permission revisions-s3\)/);
    });

    it("refuses a notification to a function no Permission admits S3 to, or admits S3 for another bucket only", () => {
        const none = violations(s3NotificationLambdaPermission, [fixtureStack("external", "333333333333", [fn, notification()])]);
        assert.match(none[0].message, /which no lambda Permission of this stack lets s3.amazonaws.com invoke/);
        const other = violations(s3NotificationLambdaPermission, [
            fixtureStack("external", "333333333333", [
                fn,
                permission({ sourceArn: "arn:aws:s3:::another-bucket" }),
                notification([`${PERMISSION}::revisions-s3`]),
            ]),
        ]);
        assert.match(other[0].message, /which no lambda Permission/);
        const sns = violations(s3NotificationLambdaPermission, [
            fixtureStack("external", "333333333333", [fn, permission({ principal: "sns.amazonaws.com" }), notification([`${PERMISSION}::revisions-s3`])]),
        ]);
        assert.equal(sns.length, 1);
    });

    it("accepts a notification that waits for S3's Permission on the function, named or by ARN", () => {
        assert.deepEqual(
            violations(s3NotificationLambdaPermission, [
                fixtureStack("external", "333333333333", [fn, permission(), notification([`${PERMISSION}::revisions-s3`])]),
            ]),
            [],
        );
        assert.deepEqual(
            violations(s3NotificationLambdaPermission, [
                fixtureStack("external", "333333333333", [fn, permission({ function: FUNCTION_ARN }), notification([`${PERMISSION}::revisions-s3`])]),
            ]),
            [],
        );
    });
});
