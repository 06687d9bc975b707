import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AccountNames } from "../../../core/naming";

/** A plain address: the From address of the partners' e-mails. */
const ADDRESS = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@([A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+)$/;

export interface SenderIdentityArgs {
    /** Names of the sending account. */
    names: AccountNames;
    /** The From address of the e-mails, e.g. "data-sharing@producer.example". */
    senderAddress: string;
    /**
     * What SES verifies: the address's domain (publish the DKIM CNAMEs in `dkimTokens`) or
     * the address alone (SES e-mails it a link to click).
     */
    verify: "domain" | "address";
    /**
     * Send through a configuration set that delivers only over TLS: the e-mails carry
     * download links, which must not cross the internet in clear text.
     * @default true
     */
    requireTls?: boolean;
}

/**
 * The SES identity the poller sends from (pattern 5, step 7). Creating it starts the
 * verification; SES sends nothing from it until the DKIM records are published (or the
 * address confirmed) and, outside the sandbox, the account has production access.
 */
export class SenderIdentity extends pulumi.ComponentResource {
    /** The identity resource. */
    public readonly identity: aws.sesv2.EmailIdentity;
    /** What is verified: the domain or the address. */
    public readonly identityName: string;
    /** ARN of the identity, computed so policies stay plain data. */
    public readonly identityArn: string;
    /** The From address. */
    public readonly senderAddress: string;
    /** Name of the TLS-only configuration set, when there is one. */
    public readonly configurationSetName?: string;
    /** ARN of that configuration set: SES authorises a send against it as well as the identity. */
    public readonly configurationSetArn?: string;
    /** Easy DKIM tokens: publish `<token>._domainkey.<domain>` CNAME `<token>.dkim.amazonses.com` (domain identities). */
    public readonly dkimTokens: pulumi.Output<string[]>;

    constructor(name: string, args: SenderIdentityArgs, opts?: pulumi.ComponentResourceOptions) {
        super("datasharing:partner-api:SenderIdentity", name, {}, opts);
        const match = ADDRESS.exec(args.senderAddress);
        if (!match) {
            throw new Error(`sender address ${JSON.stringify(args.senderAddress)} is not a plain e-mail address such as "data-sharing@producer.example"`);
        }
        const { names } = args;
        const { verify } = args;
        this.senderAddress = args.senderAddress;
        this.identityName = verify === "domain" ? match[1].toLowerCase() : args.senderAddress;
        this.identityArn = names.sesIdentityArn(this.identityName);

        let configurationSet: aws.sesv2.ConfigurationSet | undefined;
        if (args.requireTls ?? true) {
            this.configurationSetName = names.name("generic", "partner-api-mail");
            this.configurationSetArn = names.arn("ses", `configuration-set/${this.configurationSetName}`);
            configurationSet = new aws.sesv2.ConfigurationSet(
                name,
                {
                    configurationSetName: this.configurationSetName,
                    deliveryOptions: { tlsPolicy: "REQUIRE" },
                    reputationOptions: { reputationMetricsEnabled: true },
                },
                { parent: this },
            );
        }
        this.identity = new aws.sesv2.EmailIdentity(
            name,
            {
                emailIdentity: this.identityName,
                // The identity's default set: every send from it goes through the TLS-only set.
                configurationSetName: configurationSet?.configurationSetName,
                ...(verify === "domain" ? { dkimSigningAttributes: { nextSigningKeyLength: "RSA_2048_BIT" } } : {}),
            },
            { parent: this },
        );
        this.dkimTokens = this.identity.dkimSigningAttributes.apply((d) => d?.tokens ?? []);
        this.registerOutputs({ identityArn: this.identityArn, dkimTokens: this.dkimTokens });
    }
}
