import * as path from "path";
import { runPython } from "./python";

/**
 * Imports a Glue job script with python3 (by its directory and module name, as Glue's
 * `__main__` guard keeps `main()` from running) and returns the value of one of its
 * top-level constants, which must be JSON-serialisable. Throws with python's stderr if
 * the import or the lookup fails.
 */
export function readScriptConstant(scriptPath: string, name: string): unknown {
    const absolute = path.resolve(scriptPath);
    const dir = path.dirname(absolute);
    const moduleName = path.basename(absolute, ".py");
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(moduleName) || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
        throw new Error(`not a Python module/constant name: ${moduleName}.${name}`);
    }
    // Directory, module and constant go in as argv, never spliced into the code.
    const code = [
        "import importlib, json, sys",
        "sys.path.insert(0, sys.argv[1])",
        "module = importlib.import_module(sys.argv[2])",
        "sys.stdout.write(json.dumps(getattr(module, sys.argv[3])))",
    ].join("\n");
    const run = runPython(["-c", code, dir, moduleName, name]);
    if (run.error) {
        throw new Error(`could not run python3 for ${absolute}: ${run.error.message}`);
    }
    if (run.status !== 0) {
        throw new Error(`python3 could not read ${name} from ${absolute} (exit ${run.status}):\n${run.stderr}`);
    }
    return JSON.parse(run.stdout);
}

/** The `JOB_ARGUMENTS` list of a Glue job script: the arguments its `main()` resolves. */
export function readJobArguments(scriptPath: string): string[] {
    const value = readScriptConstant(scriptPath, "JOB_ARGUMENTS");
    if (!Array.isArray(value) || !value.every((v) => typeof v === "string")) {
        throw new Error(`JOB_ARGUMENTS of ${scriptPath} is not a list of strings: ${JSON.stringify(value)}`);
    }
    return value;
}
