// Pulumi entry point: validates the configuration (throwing before any resource is
// registered), then runs the program of this stack's account role.
import { currentStackContext } from "./core/stack/context";
import { PATTERNS } from "./patterns";
import { runAccountProgram } from "./stacks";

export = runAccountProgram(currentStackContext(PATTERNS));
