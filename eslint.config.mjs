// The linter (npm run lint, in CI): eslint's and typescript-eslint's recommended rules, so
// unused code and the mistakes they catch cannot creep back. Formatting is prettier's job
// (npm run format), and tsc --noEmit checks the types.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

/** What CommonJS files (the mocha and dependency-cruiser configs, the test hook) see. */
const COMMONJS_GLOBALS = { require: "readonly", module: "writable", exports: "writable", process: "readonly", __dirname: "readonly", console: "readonly" };

export default tseslint.config(
    { ignores: ["node_modules/", "bin/", "out/", "scratch/", "policy/node_modules/"] },
    js.configs.recommended,
    ...tseslint.configs.recommended,
    {
        rules: {
            // Captured resource inputs, provider inputs and AWS answers are untyped JSON; strict tsc types the rest.
            "@typescript-eslint/no-explicit-any": "off",
            // `_name` marks what a signature or a destructuring must name but does not use.
            "@typescript-eslint/no-unused-vars": [
                "error",
                { argsIgnorePattern: "^_", varsIgnorePattern: "^_", ignoreRestSiblings: true, caughtErrors: "none" },
            ],
        },
    },
    {
        files: ["**/*.js", "**/*.cjs"],
        languageOptions: { sourceType: "commonjs", globals: COMMONJS_GLOBALS },
        rules: { "@typescript-eslint/no-require-imports": "off" },
    },
);
