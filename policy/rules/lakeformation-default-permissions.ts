import type { ResourceValidationPolicy } from "@pulumi/policy";
import { UNKNOWN, read } from "../lib/values";

const SETTINGS = ["createDatabaseDefaultPermissions", "createTableDefaultPermissions"] as const;

/**
 * Lake Formation governs access only when new databases and tables get no default grant:
 * the AWS default (ALL to IAM_ALLOWED_PRINCIPALS) lets plain IAM policies bypass every
 * Lake Formation grant. Omitting a setting keeps that default, so both must be given, empty.
 */
export const lakeFormationDefaultPermissions: ResourceValidationPolicy = {
    name: "lakeformation-no-default-permissions",
    description: "Lake Formation data lake settings clear the default permissions of new databases and tables (both lists given and empty).",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps: "Set createDatabaseDefaultPermissions: [] and createTableDefaultPermissions: [] (LakeFormationSettings does).",
    validateResource: (args, reportViolation) => {
        if (args.type !== "aws:lakeformation/dataLakeSettings:DataLakeSettings") return;
        for (const setting of SETTINGS) {
            const value = read(() => args.props[setting]);
            if (value === UNKNOWN) continue;
            if (value === undefined || value === null) {
                reportViolation(
                    `data lake settings ${args.name} leave ${setting} unset, which keeps the AWS default (ALL to IAM_ALLOWED_PRINCIPALS): set it to [].`,
                );
            } else if (Array.isArray(value) && value.length > 0) {
                reportViolation(
                    `data lake settings ${args.name} grant default permissions through ${setting}: set it to [] and grant access through Lake Formation permissions.`,
                );
            }
        }
    },
};
