import { GetItemCommand } from "@aws-sdk/client-dynamodb";
import { ExecuteStatementCommand } from "@aws-sdk/client-redshift-data";
import { PutObjectCommand } from "@aws-sdk/client-s3";
import { strict as assert } from "assert";
import { exportClients } from "../../../../patterns/partner-api/microbatch/handler";
import { domainAllowed, s3Hosts } from "../../../../patterns/partner-api/network-perimeter/firewall";
import { exportEndpoints } from "../../../../patterns/partner-api/program";

/** The host a client would send a command to, resolved by the real SDK pipeline; nothing leaves the process. */
async function hostOf(client: { middlewareStack: any; send: (c: any) => Promise<unknown> }, command: unknown): Promise<string> {
    const caught = Symbol("host");
    client.middlewareStack.add(
        () => async (args: { request: { hostname: string } }) => {
            throw { [caught]: args.request.hostname };
        },
        { step: "finalizeRequest", priority: "high", name: "captureHost", override: true },
    );
    // The base class's send: another spec's aws-sdk-client-mock stub of this client's own
    // prototype would otherwise answer without running the pipeline.
    const send = Object.getPrototypeOf(Object.getPrototypeOf(client)).send as (c: unknown) => Promise<unknown>;
    try {
        await send.call(client, command);
    } catch (err) {
        const host = (err as Record<symbol, string>)[caught];
        if (host !== undefined) {
            return host;
        }
        throw err;
    }
    throw new Error("the request was sent");
}

/**
 * The export runs in the perimeter's sharing subnets: every AWS name its clients call must
 * be one the firewall lets through, or S3 through the gateway endpoint. Lambda's credentials
 * may carry the account id, which makes current SDKs prefer DynamoDB's account-based endpoint.
 */
describe("microbatch export: the endpoints its clients call from inside the perimeter", () => {
    const region = "eu-west-1";
    const credentials = {
        accessKeyId: "AKIAIOSFODNN7EXAMPLE",
        secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        sessionToken: "token",
        accountId: "111111111111",
    };
    const clients = () => exportClients({ region, credentials });
    const allowed = exportEndpoints(region);

    it("calls the watermark table at a name the firewall allows, not the account-based <account>.ddb endpoint", async () => {
        const host = await hostOf(clients().dynamo, new GetItemCommand({ TableName: "datasharing-microbatch-watermarks", Key: { source: { S: "x" } } }));
        assert.equal(host, `dynamodb.${region}.amazonaws.com`);
        assert.ok(domainAllowed(host, allowed), `${host} is not in the allow-list ${allowed.join(", ")}`);
    });

    it("calls the Redshift Data API at a name the firewall allows", async () => {
        const host = await hostOf(clients().redshift, new ExecuteStatementCommand({ WorkgroupName: "w", Database: "d", Sql: "select 1" }));
        assert.ok(domainAllowed(host, allowed), `${host} is not in the allow-list ${allowed.join(", ")}`);
    });

    it("writes to S3 at the region's S3 endpoint, which the gateway endpoint serves and the firewall does not", async () => {
        const host = await hostOf(clients().s3, new PutObjectCommand({ Bucket: "datasharing-published-111111111111-eu-west-1", Key: "a/b.jsonl", Body: "x" }));
        assert.match(host, new RegExp(`(^|\\.)s3\\.${region}\\.amazonaws\\.com$`));
        assert.ok(!s3Hosts(region).some((h) => domainAllowed(h, allowed)), "the firewall lets no S3 name through");
        assert.ok(!domainAllowed(host, allowed));
    });
});
