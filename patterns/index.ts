import { PatternSet } from "../core/pattern-set";
import { accessPoint } from "./access-point";
import { dataExchange } from "./data-exchange";
import { lakeFormation } from "./lake-formation";
import { partnerApi } from "./partner-api";
import { publishing } from "./publishing";
import { RegisteredPattern } from "./registration";
import { redshiftDatashare } from "./redshift-datashare";
import { replication } from "./replication";

/**
 * Every pattern of the program, each from its folder. The order is the order their
 * contributions are composed in: fields of the topology and the settings, rules, what each
 * account builds (replication's grants on the external bucket come first), sections of the
 * plan. A new pattern is a folder and a line here.
 */
export const PATTERNS = new PatternSet<RegisteredPattern>([replication, lakeFormation, accessPoint, dataExchange, redshiftDatashare, publishing, partnerApi]);
