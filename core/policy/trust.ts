import { PolicyDocument, policyDocument } from "./document";

/** Trust policy letting one AWS service (e.g. `glue.amazonaws.com`) assume a role. */
export function serviceTrustPolicy(service: string): PolicyDocument {
    return policyDocument([{ Sid: "ServiceAssumesRole", Effect: "Allow", Principal: { Service: service }, Action: "sts:AssumeRole" }]);
}
