import { AccountNames } from "../../../core/naming";

/**
 * Names both sides of option B agree on without reading each other's state: the external
 * stack (deployed first) trusts the producer's copy role by its fixed name.
 */

export const COPY_ROLE_PURPOSE = "redshift-copy";
/** Database user the copy job writes the external warehouse as. */
export const COPY_WRITER_USER = "copy_writer";
/** Database user the copy job reads the producer's warehouse as. */
export const COPY_READER_USER = "copy_reader";
/** Schema of the external warehouse where each run lands its rows before the swap. */
export const STAGING_SCHEMA = "copy_staging";

/** ARN of the producer's copy job role. */
export function copyRoleArn(producer: AccountNames): string {
    return producer.roleArn(COPY_ROLE_PURPOSE);
}
