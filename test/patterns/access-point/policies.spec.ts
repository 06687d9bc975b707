// iam-policy comes with iam-simulate: its validator and wrapper are what runUnsafeSimulation reads names from.
import { createValidatedPolicy, validateResourcePolicy } from "@cloud-copilot/iam-policy";
import { runSimulation, runUnsafeSimulation } from "@cloud-copilot/iam-simulate";
import { strict as assert } from "assert";
import { consumersDecryptThroughS3, delegateToOwnAccessPoints, delegatedActions } from "../../../patterns/access-point/delegation";
import {
    AccessPointConsumer,
    accessPointClientPolicy,
    accessPointEndpointPolicy,
    accessPointPolicy,
    objectPrefix,
} from "../../../patterns/access-point/policies";
import { AccountNames } from "../../../core/naming";
import { bucketPolicy } from "../../../core/policy/bucket-policy";
import { keyPolicy } from "../../../core/policy/key-policy";
import { Decision, allow, decide } from "../../support/iam";

/**
 * Pattern 6 evaluated, not pattern-matched. S3 authorises a request made through an access
 * point only if each layer allows it and none denies it:
 *   1. the access point's policy, together with the caller's identity policy (both are on
 *      the access point ARN; cross-account, both must allow): `decide` on the access point;
 *   2. the bucket's policy, which S3 evaluates on the bucket's own ARN with the
 *      `s3:DataAccessPoint*` keys of the access point used: see `bucketLayer`;
 *   3. with a gateway endpoint, the endpoint's policy: see `endpointLayer`.
 * A request to the bucket directly is layer 2 alone (with the identity policy), with no
 * access point keys.
 */

const REGION = "eu-west-1";
const OWNER = "333333333333";
const AUDITOR = "444444444444";
const SUPPLIER = "555555555555";
const STRANGER = "999999999999";

const names = new AccountNames("datasharing", { accountId: OWNER, region: REGION });
const BUCKET = names.bucketArn(names.bucket("external-published"));
const KEY = `arn:aws:kms:${REGION}:${OWNER}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;

const auditor: AccessPointConsumer = {
    name: "auditor",
    accountId: AUDITOR,
    principals: [`arn:aws:iam::${AUDITOR}:role/audit-reader`],
    prefixes: ["audit_reports"],
};
const supplier: AccessPointConsumer = {
    name: "supplier",
    accountId: SUPPLIER,
    principals: [`arn:aws:iam::${SUPPLIER}:role/supplier-reader`],
    prefixes: ["sales_insights/"],
};
const AUDITOR_ROLE = auditor.principals[0];
const SUPPLIER_ROLE = supplier.principals[0];

const apArn = (c: AccessPointConsumer) => names.accessPointArn(names.accessPoint(c.name));
const apPolicies = new Map([auditor, supplier].map((c) => [apArn(c), accessPointPolicy(apArn(c), c)]));
const theBucketPolicy = bucketPolicy(BUCKET, delegateToOwnAccessPoints(BUCKET, OWNER));
const theKeyPolicy = keyPolicy(OWNER, consumersDecryptThroughS3([auditor, supplier], REGION));
const identityOf = (c: AccessPointConsumer) => accessPointClientPolicy({ accessPointArn: apArn(c), prefixes: c.prefixes, keyArn: KEY, region: REGION });
const everything = allow(["s3:*", "kms:*"], ["*"]);

/** AWS puts the caller's ARN in every request; the simulator needs it stated. */
const asCaller = (principal: string, context: Record<string, string> = {}) => ({ "aws:PrincipalArn": principal, ...context });

/**
 * runUnsafeSimulation skips the key check that `decide` insists on, and (0.1.173) needs its
 * resource policy pre-validated and named; validation errors fail the test.
 */
function unsafe(resourcePolicy: unknown, principal: string, action: string, resource: string, context: Record<string, string>): Decision {
    const validated = createValidatedPolicy(resourcePolicy, validateResourcePolicy, { name: "resource-policy" });
    assert.deepEqual(validated.errors, []);
    return runUnsafeSimulation(
        {
            identityPolicies: [{ name: "allow-all", policy: everything }],
            serviceControlPolicies: [],
            resourceControlPolicies: [],
            resourcePolicy: validated,
            request: { action, principal, resource: { accountId: OWNER, resource }, contextVariables: context },
        },
        {},
    ) as Decision;
}

/**
 * Layer 2: the bucket policy on the bucket's ARN, with the keys S3 adds for a request that
 * came through an access point. The simulator's service data lists `s3:DataAccessPoint*`
 * only for access point ARNs and would drop them here, so this layer runs without its
 * key check, with exactly these keys. The identity side was checked in layer 1, on the
 * access point ARN, where AWS checks it; here it is stood in for by allow-all.
 */
function bucketLayer(principal: string, action: string, resource: string, context: Record<string, string>): Decision {
    const allowed = new Set([
        "aws:SecureTransport",
        "aws:PrincipalArn",
        "s3:DataAccessPointAccount",
        "s3:DataAccessPointArn",
        "s3:AccessPointNetworkOrigin",
        "s3:prefix",
    ]);
    for (const key of Object.keys(context)) {
        assert.ok(allowed.has(key), `bucketLayer does not model context key ${key}`);
    }
    return unsafe(theBucketPolicy, principal, action, resource, context);
}

/**
 * Layer 3: a VPC endpoint policy on its own, with the same refusal of ignored keys as
 * `decide`. The caller has every permission and the resource is put in the caller's
 * account, so no resource policy applies and the endpoint policy is the only thing that can
 * refuse.
 */
async function endpointLayer(endpointPolicy: unknown, action: string, resource: string, principal = AUDITOR_ROLE): Promise<Decision> {
    const response: any = await runSimulation(
        {
            identityPolicies: [{ name: "identity", policy: everything }],
            serviceControlPolicies: [],
            resourceControlPolicies: [],
            vpcEndpointPolicies: [{ name: "endpoint", policy: endpointPolicy }],
            request: {
                action,
                principal,
                resource: { accountId: principal.split(":")[4], resource },
                contextVariables: { "aws:SecureTransport": "true", "aws:PrincipalAccount": principal.split(":")[4] },
            },
        },
        {},
    );
    assert.notEqual(response.resultType, "error", JSON.stringify(response.errors));
    assert.deepEqual(response.result?.ignoredContextKeys ?? [], []);
    return response.overallResult as Decision;
}

/** Every layer must allow; one explicit deny anywhere denies. */
function combine(...decisions: Decision[]): Decision {
    if (decisions.includes("ExplicitlyDenied")) return "ExplicitlyDenied";
    return decisions.every((d) => d === "Allowed") ? "Allowed" : "ImplicitlyDenied";
}

interface Through {
    /** Whose access point the request goes through. */
    via: AccessPointConsumer;
    principal: string;
    identity: unknown;
    /** Object key, or a prefix to list with `s3:ListBucket`. */
    key?: string;
    list?: string;
    tls?: boolean;
}

/** A request through an access point, all layers. */
async function throughAccessPoint(r: Through): Promise<Decision> {
    const ap = apArn(r.via);
    const tls = String(r.tls ?? true);
    const action = r.list !== undefined ? "s3:ListBucket" : "s3:GetObject";
    const extra: Record<string, string> = r.list !== undefined ? { "s3:prefix": r.list } : {};
    const apDecision = await decide({
        principal: r.principal,
        action,
        resource: r.list !== undefined ? ap : `${ap}/object/${r.key}`,
        resourceAccount: OWNER,
        identityPolicies: [r.identity],
        resourcePolicy: apPolicies.get(ap),
        context: asCaller(r.principal, { "aws:SecureTransport": tls, ...extra }),
    });
    const bucketDecision = bucketLayer(r.principal, action, r.list !== undefined ? BUCKET : `${BUCKET}/${r.key}`, {
        ...asCaller(r.principal, { "aws:SecureTransport": tls, ...extra }),
        "s3:DataAccessPointAccount": OWNER,
        "s3:DataAccessPointArn": ap,
        "s3:AccessPointNetworkOrigin": "Internet",
    });
    return combine(apDecision, bucketDecision);
}

/** The auditor's role reading its own report through its own access point, unless `over` says otherwise. */
const read = (over: Partial<Through> = {}) =>
    throughAccessPoint({ via: auditor, principal: AUDITOR_ROLE, identity: identityOf(auditor), key: "audit_reports/2024/q1.pdf", ...over });

describe("pattern 6: reading through a consumer's own access point", () => {
    it("lets the consumer's declared role read its prefix over TLS", async () => {
        assert.equal(await read(), "Allowed");
    });

    it("denies the same request without TLS, at the bucket and at the access point", async () => {
        assert.equal(await read({ tls: false }), "ExplicitlyDenied");
        const apOnly = await decide({
            principal: AUDITOR_ROLE,
            action: "s3:GetObject",
            resource: `${apArn(auditor)}/object/audit_reports/a.pdf`,
            resourceAccount: OWNER,
            identityPolicies: [everything],
            resourcePolicy: apPolicies.get(apArn(auditor)),
            context: asCaller(AUDITOR_ROLE, { "aws:SecureTransport": "false" }),
        });
        assert.equal(apOnly, "ExplicitlyDenied");
    });

    it("gives nothing outside the consumer's prefix, not even a folder whose name starts the same", async () => {
        assert.equal(await read({ key: "sales_insights/part-0.parquet" }), "ImplicitlyDenied");
        assert.equal(await read({ key: "audit_reports_private/x.pdf" }), "ImplicitlyDenied");
        assert.equal(await read({ key: "audit_reports/x.pdf", identity: everything }), "Allowed", "the access point, not the identity policy, is what narrows");
        assert.equal(await read({ key: "sales_insights/part-0.parquet", identity: everything }), "ImplicitlyDenied");
    });

    it("lists the consumer's prefix only", async () => {
        assert.equal(await read({ key: undefined, list: "audit_reports/" }), "Allowed");
        assert.equal(await read({ key: undefined, list: "audit_reports/2024/" }), "Allowed");
        assert.equal(await read({ key: undefined, list: "" }), "ImplicitlyDenied", "no listing of the whole bucket");
        assert.equal(await read({ key: undefined, list: "sales_insights/" }), "ImplicitlyDenied");
    });

    it("cannot read through another consumer's access point, even with a permissive identity policy", async () => {
        assert.equal(await read({ via: supplier, key: "sales_insights/part-0.parquet" }), "ImplicitlyDenied");
        assert.equal(await read({ via: supplier, key: "sales_insights/part-0.parquet", identity: everything }), "ImplicitlyDenied");
        assert.equal(await read({ via: supplier, key: "audit_reports/a.pdf", identity: everything }), "ImplicitlyDenied");
    });

    it("denies a role of another account, even one with the same name and every permission", async () => {
        assert.equal(await read({ principal: `arn:aws:iam::${STRANGER}:role/audit-reader`, identity: everything }), "ImplicitlyDenied");
        assert.equal(await read({ principal: SUPPLIER_ROLE, identity: everything }), "ImplicitlyDenied");
    });

    it("denies a role of the consumer's own account that the topology did not declare", async () => {
        assert.equal(await read({ principal: `arn:aws:iam::${AUDITOR}:role/intern`, identity: everything }), "ImplicitlyDenied");
    });

    it("needs the consumer's identity policy too: without it the access point alone is not enough", async () => {
        assert.equal(await read({ identity: allow(["s3:GetObject"], [`${BUCKET}/*`]) }), "ImplicitlyDenied");
    });
});

describe("pattern 6: the bucket delegates to its owner's access points and to nothing else", () => {
    const direct = (principal: string, identity: unknown, key = "audit_reports/a.pdf", tls = "true") =>
        decide({
            principal,
            action: "s3:GetObject",
            resource: `${BUCKET}/${key}`,
            resourceAccount: OWNER,
            identityPolicies: [identity],
            resourcePolicy: theBucketPolicy,
            context: asCaller(principal, { "aws:SecureTransport": tls }),
        });

    it("gives the consumer's role nothing through the bucket's own ARN, whatever its identity policy says", async () => {
        assert.equal(await direct(AUDITOR_ROLE, identityOf(auditor)), "ImplicitlyDenied");
        assert.equal(await direct(AUDITOR_ROLE, everything), "ImplicitlyDenied");
    });

    it("keeps the TLS-only deny first, for everyone including the owner", async () => {
        const statements = theBucketPolicy.Statement as any[];
        assert.equal(statements[0].Sid, "DenyInsecureTransport");
        assert.equal(await direct(`arn:aws:iam::${OWNER}:role/admin`, everything, "audit_reports/a.pdf", "false"), "ExplicitlyDenied");
        assert.equal(
            bucketLayer(AUDITOR_ROLE, "s3:GetObject", `${BUCKET}/audit_reports/a.pdf`, { "aws:SecureTransport": "false", "s3:DataAccessPointAccount": OWNER }),
            "ExplicitlyDenied",
        );
    });

    it("honours access points of the owner's account only, never another account's access point on the bucket", async () => {
        const via = (account: string) =>
            bucketLayer(AUDITOR_ROLE, "s3:GetObject", `${BUCKET}/audit_reports/a.pdf`, { "aws:SecureTransport": "true", "s3:DataAccessPointAccount": account });
        assert.equal(via(OWNER), "Allowed");
        assert.equal(via(AUDITOR), "ImplicitlyDenied");
    });

    it("delegates the union of what consumers declare, in a stable order, and the default reads when nobody declares anything", () => {
        assert.deepEqual(delegatedActions([{ actions: ["s3:ListBucket", "s3:GetObjectVersion"] }, {}]), [
            "s3:GetObject",
            "s3:GetObjectVersion",
            "s3:ListBucket",
        ]);
        assert.deepEqual(delegatedActions([{ actions: ["s3:GetObjectTagging"] }]), ["s3:GetObjectTagging"]);
        assert.deepEqual(delegatedActions([]), ["s3:GetObject", "s3:ListBucket"]);
    });

    it("delegates reads only: a write through an access point is refused by the bucket", () => {
        const write = bucketLayer(AUDITOR_ROLE, "s3:PutObject", `${BUCKET}/audit_reports/a.pdf`, {
            "aws:SecureTransport": "true",
            "s3:DataAccessPointAccount": OWNER,
        });
        assert.equal(write, "ImplicitlyDenied");
    });

    it("names no consumer: adding one never edits the bucket policy", () => {
        const text = JSON.stringify(theBucketPolicy);
        for (const c of [auditor, supplier]) {
            assert.ok(!text.includes(c.accountId) && !text.includes(c.name), `bucket policy names ${c.name}`);
        }
    });
});

describe("pattern 6: the bucket's key decrypts for the consumers' roles only through S3", () => {
    const decrypt = (principal: string, identity: unknown, via?: string) =>
        decide({
            principal,
            action: "kms:Decrypt",
            resource: KEY,
            resourceAccount: OWNER,
            identityPolicies: [identity],
            resourcePolicy: theKeyPolicy,
            context: asCaller(principal, via ? { "kms:ViaService": via } : {}),
        });

    it("allows kms:Decrypt when S3 in the bucket's region asks for the declared role", async () => {
        assert.equal(await decrypt(AUDITOR_ROLE, identityOf(auditor), `s3.${REGION}.amazonaws.com`), "Allowed");
        assert.equal(await decrypt(SUPPLIER_ROLE, identityOf(supplier), `s3.${REGION}.amazonaws.com`), "Allowed");
    });

    it("refuses a direct call, another service, or S3 of another region", async () => {
        assert.equal(await decrypt(AUDITOR_ROLE, everything), "ImplicitlyDenied");
        assert.equal(await decrypt(AUDITOR_ROLE, everything, `glue.${REGION}.amazonaws.com`), "ImplicitlyDenied");
        assert.equal(await decrypt(AUDITOR_ROLE, everything, "s3.us-east-1.amazonaws.com"), "ImplicitlyDenied");
    });

    it("refuses undeclared roles of a consumer account and roles of other accounts", async () => {
        assert.equal(await decrypt(`arn:aws:iam::${AUDITOR}:role/intern`, everything, `s3.${REGION}.amazonaws.com`), "ImplicitlyDenied");
        assert.equal(await decrypt(`arn:aws:iam::${STRANGER}:role/audit-reader`, everything, `s3.${REGION}.amazonaws.com`), "ImplicitlyDenied");
    });

    it("grants decrypt and nothing else", async () => {
        const encrypt = await decide({
            principal: AUDITOR_ROLE,
            action: "kms:Encrypt",
            resource: KEY,
            resourceAccount: OWNER,
            identityPolicies: [everything],
            resourcePolicy: theKeyPolicy,
            context: asCaller(AUDITOR_ROLE, { "kms:ViaService": `s3.${REGION}.amazonaws.com` }),
        });
        assert.equal(encrypt, "ImplicitlyDenied");
        assert.deepEqual(consumersDecryptThroughS3([], REGION), [], "no consumer, no grant");
    });
});

describe("pattern 6: the consumer's gateway endpoint reaches its access point only", () => {
    const endpointPolicy = accessPointEndpointPolicy({
        accessPointArn: apArn(auditor),
        bucketArn: BUCKET,
        prefixes: auditor.prefixes,
        consumerAccountId: AUDITOR,
    });
    const through = (action: string, resource: string) => endpointLayer(endpointPolicy, action, resource);

    it("lets the consumer's objects through, by access point and by the bucket ARN S3 also checks", async () => {
        assert.equal(await through("s3:GetObject", `${apArn(auditor)}/object/audit_reports/a.pdf`), "Allowed");
        assert.equal(await through("s3:GetObject", `${BUCKET}/audit_reports/a.pdf`), "Allowed");
        // With the other layers: the consumer's role reads from inside its VPC.
        assert.equal(
            combine(
                await read(),
                await through("s3:GetObject", `${apArn(auditor)}/object/audit_reports/2024/q1.pdf`),
                await through("s3:GetObject", `${BUCKET}/audit_reports/2024/q1.pdf`),
            ),
            "Allowed",
        );
    });

    it("stops every other access point, prefix, bucket and action", async () => {
        assert.equal(await through("s3:GetObject", `${apArn(supplier)}/object/sales_insights/p.parquet`), "ImplicitlyDenied");
        assert.equal(await through("s3:GetObject", `${apArn(auditor)}/object/sales_insights/p.parquet`), "ImplicitlyDenied");
        assert.equal(await through("s3:GetObject", `${BUCKET}/sales_insights/p.parquet`), "ImplicitlyDenied");
        assert.equal(await through("s3:GetObject", "arn:aws:s3:::someone-elses-bucket/x"), "ImplicitlyDenied");
        assert.equal(await through("s3:PutObject", `${apArn(auditor)}/object/audit_reports/a.pdf`), "ImplicitlyDenied");
    });

    it("serves the consumer's own principals only", async () => {
        assert.equal(
            await endpointLayer(endpointPolicy, "s3:GetObject", `${apArn(auditor)}/object/audit_reports/a.pdf`, `arn:aws:iam::${STRANGER}:role/intruder`),
            "ImplicitlyDenied",
        );
    });
});

describe("pattern 6 policy builders refuse what would widen a grant", () => {
    it("normalises prefixes to one folder and refuses wildcards or the whole bucket", () => {
        assert.equal(objectPrefix("audit_reports"), "audit_reports/");
        assert.equal(objectPrefix("/audit_reports/"), "audit_reports/");
        for (const bad of ["", "/", "*", "audit*", "a?b/", "${aws:username}/"]) {
            assert.throws(() => objectPrefix(bad), /must name one folder of the sharing bucket/, bad);
        }
    });

    it("refuses a principal outside the consumer's account, or none, naming the consumer", () => {
        assert.throws(
            () => accessPointPolicy(apArn(auditor), { ...auditor, principals: [SUPPLIER_ROLE] }),
            /consumer auditor: principal .* is in account 555555555555, not the consumer's account 444444444444/,
        );
        assert.throws(() => accessPointPolicy(apArn(auditor), { ...auditor, principals: [] }), /consumer auditor: declare at least one IAM role ARN/);
        assert.throws(() => accessPointPolicy(apArn(auditor), { ...auditor, principals: ["audit-reader"] }), /is not an IAM role or user ARN/);
        assert.throws(() => accessPointPolicy(apArn(auditor), { ...auditor, prefixes: [] }), /needs at least one prefix/);
        assert.throws(() => consumersDecryptThroughS3([{ ...auditor, principals: [`arn:aws:iam::${STRANGER}:role/x`] }], REGION), /not the consumer's account/);
    });

    it("grants only the declared actions: a consumer without ListBucket cannot list", async () => {
        const readOnly: AccessPointConsumer = { ...auditor, actions: ["s3:GetObject"] };
        const policy = accessPointPolicy(apArn(auditor), readOnly);
        const list = await decide({
            principal: AUDITOR_ROLE,
            action: "s3:ListBucket",
            resource: apArn(auditor),
            resourceAccount: OWNER,
            identityPolicies: [everything],
            resourcePolicy: policy,
            context: asCaller(AUDITOR_ROLE, { "aws:SecureTransport": "true", "s3:prefix": "audit_reports/" }),
        });
        assert.equal(list, "ImplicitlyDenied");
        assert.throws(() => accessPointPolicy(apArn(auditor), { ...auditor, actions: [] }), /at least one action/);
    });
});

describe("pattern 6: access ends on the consumer's end date, without a deploy", () => {
    const ENDS = new Date("2028-01-01T00:00:00Z");
    const ending: AccessPointConsumer = { ...auditor, endsAt: ENDS };
    const ap = apArn(ending);
    const apPolicy = accessPointPolicy(ap, ending);
    const key = keyPolicy(OWNER, consumersDecryptThroughS3([ending, supplier], REGION));
    const at = (instant: string) => ({ "aws:CurrentTime": instant });
    const readAt = (instant: string) =>
        decide({
            principal: AUDITOR_ROLE,
            action: "s3:GetObject",
            resource: `${ap}/object/audit_reports/q1.pdf`,
            resourceAccount: OWNER,
            identityPolicies: [everything],
            resourcePolicy: apPolicy,
            context: asCaller(AUDITOR_ROLE, { "aws:SecureTransport": "true", ...at(instant) }),
        });
    const decryptAt = (principal: string, instant: string) =>
        decide({
            principal,
            action: "kms:Decrypt",
            resource: KEY,
            resourceAccount: OWNER,
            identityPolicies: [everything],
            resourcePolicy: key,
            context: asCaller(principal, { "kms:ViaService": `s3.${REGION}.amazonaws.com`, ...at(instant) }),
        });

    it("lets the access point admit the consumer until its end date, and refuses it from then on", async () => {
        assert.equal(await readAt("2027-12-31T23:59:59Z"), "Allowed");
        assert.equal(await readAt("2028-01-01T00:00:00Z"), "ImplicitlyDenied");
        assert.equal(await readAt("2028-06-30T12:00:00Z"), "ImplicitlyDenied");
    });

    it("stops the key decrypting for the ended consumer only; a consumer without an end date keeps it", async () => {
        assert.equal(await decryptAt(AUDITOR_ROLE, "2027-12-31T23:59:59Z"), "Allowed");
        assert.equal(await decryptAt(AUDITOR_ROLE, "2028-01-02T00:00:00Z"), "ImplicitlyDenied");
        assert.equal(await decryptAt(SUPPLIER_ROLE, "2028-01-02T00:00:00Z"), "Allowed");
    });

    it("groups key grants by end date, so a key policy stays small however many consumers share one", () => {
        const grants = consumersDecryptThroughS3(
            [ending, supplier, { ...supplier, name: "other", accountId: STRANGER, principals: [`arn:aws:iam::${STRANGER}:role/r`], endsAt: ENDS }],
            REGION,
        );
        assert.deepEqual(
            grants.map((g) => [g.sid, g.grantee.accounts]),
            [
                ["AccessPointConsumersDecryptThroughS3", [SUPPLIER]],
                ["AccessPointConsumersDecryptThroughS3Until20280101000000", [AUDITOR, STRANGER]],
            ],
        );
    });
});
