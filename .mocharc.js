// Mocha's settings for `npm test` and for `npx mocha <spec files>` (test/support/README.md).
const os = require("os");

module.exports = {
    // TypeScript through sucrase; then evaluations without stack traces (test/support/setup.ts).
    require: ["./tools/register.js", "./test/support/setup.ts"],
    timeout: 60000,
    // The spec reporter, closed by one "N passed, N failed, N skipped" line.
    reporter: "./test/support/summary-reporter.js",
    // Spec files run in worker processes, one file at a time each; a worker keeps its modules
    // and caches (the shared sample evaluation) from one file to the next. `--no-parallel`
    // runs everything in one process, for a debugger or `.only`.
    parallel: true,
    // Mocha's default is one worker fewer than cores: a single worker on 2 cores.
    jobs: Math.max(2, os.cpus().length - 1),
};
