import { AccessPath } from "../../../plan/entitlements/model";
import { CapturedResource } from "../../../plan/mock-aws";
import { PATTERNS } from "../../../patterns";
import { readBucketPolicies } from "./bucket-policies";
import { LiveReadContext, LiveReaderSpec } from "./context";
import { readKms } from "./kms";

/** Each live reader: the registered patterns' (in their order), then those of what every account has. */
export async function liveReaders(): Promise<readonly LiveReaderSpec[]> {
    const patterns = await Promise.all(PATTERNS.parts.map((p) => p.live?.() ?? []));
    return [
        ...patterns.flat(),
        { name: "S3 bucket policies", read: readBucketPolicies, paths: ["s3 bucket policy"] },
        { name: "KMS key policies", read: readKms, paths: ["kms key policy"] },
    ];
}

export interface AccountLiveState {
    readonly resources: CapturedResource[];
    /** Paths every reader of which succeeded. */
    readonly readPaths: AccessPath[];
    /** `reader: message` of each reader that failed. */
    readonly errors: string[];
}

/** Runs every reader over one account; a reader that fails is reported, and the others still run. */
export async function readAccount(context: LiveReadContext, onReader?: (name: string) => void): Promise<AccountLiveState> {
    const resources: CapturedResource[] = [];
    const errors: string[] = [];
    const failed = new Set<AccessPath>();
    const readers = await liveReaders();
    for (const reader of readers) {
        onReader?.(reader.name);
        try {
            resources.push(...(await reader.read(context)));
        } catch (err) {
            errors.push(`${reader.name}: ${(err as Error)?.message ?? String(err)}`);
            reader.paths.forEach((p) => failed.add(p));
        }
    }
    const all = [...new Set(readers.flatMap((r) => r.paths))];
    return { resources, readPaths: all.filter((p) => !failed.has(p)), errors };
}
