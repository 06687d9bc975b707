import { PolicyPack } from "@pulumi/policy";
import { policies } from "./policies";

// Constructing the pack starts the policy server the Pulumi engine talks to; nothing else
// should import this file (tests import ./policies).
new PolicyPack("datasharing-security", {
    description:
        "Security baseline of the datasharing program: encryption with customer KMS keys, no public access, TLS only, least privilege, Lake Formation in control.",
    enforcementLevel: "mandatory",
    policies,
});
