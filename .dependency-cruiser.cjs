// The layering of the program (README, "Where things are"), checked by `npm run deps` and in CI:
// core <- components <- patterns <- stacks <- plan <- ops. Type-only imports count: a type
// from above is a dependency on what is above.
/** @type {import("dependency-cruiser").IConfiguration} */
module.exports = {
    forbidden: [
        {
            name: "no-circular",
            severity: "error",
            comment: "Modules that import each other load half-initialised and cannot be read one at a time: break the cycle.",
            from: {},
            to: { circular: true },
        },
        {
            name: "core-imports-nothing-above",
            severity: "error",
            comment:
                "core/ is the vocabulary every layer shares (topology, naming, policies, the Pattern interface): it knows no component, pattern, stack program, plan or operation.",
            from: { path: "^core/" },
            // The policy pack's service-trust table is the one leaf it shares with the program (policy/lib/service-trust.ts says why).
            to: { path: "^(components|patterns|stacks|plan|ops|bench|test)/|^policy/(?!lib/service-trust\\.ts$)" },
        },
        {
            name: "components-know-no-pattern",
            severity: "error",
            comment: "components/ are building blocks any pattern may use: they do not know the patterns, the stack programs, the plan or operations.",
            from: { path: "^components/" },
            to: { path: "^(patterns|stacks|plan|ops|bench|test)/" },
        },
        {
            name: "patterns-are-not-programs",
            severity: "error",
            comment:
                "A pattern contributes to the stack programs, the plan and verify through its interface; it does not call them (only their lower, pattern-free modules).",
            from: { path: "^patterns/" },
            to: { path: "^(stacks|bench|test)/|^plan/(evaluate|report|cli|advise|diagram)\\.ts$|^ops/(deploy|handoff)/|^ops/verify/(main|cli)\\.ts$" },
        },
        {
            name: "policy-pack-stands-alone",
            severity: "error",
            comment: "The policy pack is published on its own (policy/package.json): it imports nothing of the program.",
            from: { path: "^policy/" },
            to: { pathNot: "^policy/|node_modules" },
        },
        {
            name: "program-code-not-tests",
            severity: "error",
            comment: "Nothing but tests imports test code.",
            from: { pathNot: "^test/" },
            to: { path: "^test/" },
        },
    ],
    options: {
        doNotFollow: { path: "node_modules" },
        exclude: { path: "(^|/)node_modules/|^bin/|^out/" },
        tsPreCompilationDeps: true,
        tsConfig: { fileName: "tsconfig.json" },
        enhancedResolveOptions: { extensions: [".ts", ".js", ".json"] },
        reporterOptions: { text: { highlightFocused: true } },
    },
};
