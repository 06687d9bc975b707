export { Ordering } from "../../plan/ordering";

/** Every Lake Formation change that touches one account's catalog permissions or tags. */
export const LAKE_FORMATION_CHANGES = [
    "aws:lakeformation/permissions:Permissions",
    "aws:lakeformation/resourceLfTags:ResourceLfTags",
    "aws:lakeformation/dataCellsFilter:DataCellsFilter",
];
