import { RegisteredPattern } from "../registration";
import { publishSchema } from "./config";
import { publishingSection } from "./paths";
import { publishingProgram } from "./program";
import { publishingRules } from "./rules";

/**
 * Publishing, the producer's step the patterns that serve snapshots (1 and 3) build on: a
 * daily Glue job per product exports its tables from the lake into Published Datasets
 * (`<product>/<table>/snapshot=<date>/`, PII columns dropped), with a manifest last.
 */
export const publishing = {
    name: "publishing",
    implements: [],
    topology: { product: { publish: publishSchema.optional() }, rules: [publishingRules] },
    program: publishingProgram,
    report: { sections: [publishingSection] },
} satisfies RegisteredPattern;
