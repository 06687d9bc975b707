import { strict as assert } from "assert";
import { ConfigError } from "../../core/config-error";
import { parseTopology } from "../../core/topology/parse";
import { PATTERNS } from "../../patterns/index";

/** The problems `parseTopology` reports for a raw topology; fails the test if it is accepted or throws anything but a ConfigError. */
export function problemsOf(raw: unknown): ConfigError["problems"] {
    try {
        parseTopology(raw, PATTERNS);
    } catch (err) {
        assert.ok(err instanceof ConfigError, `expected a ConfigError, got ${String(err)}`);
        return err.problems;
    }
    assert.fail("the topology was accepted");
}
