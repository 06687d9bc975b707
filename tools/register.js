// Runs the project's TypeScript in Node (`node -r ./tools/register.js file.ts`) the fast way:
// sucrase strips the types file by file, keeping line numbers, so stack traces need no source
// map. Type checking is `npm run typecheck`'s job (tsc), as with ts-node --transpile-only.
// disableESTransforms keeps class fields and the like as written, which Node 20 runs, the
// same output as tsc's ES2022 target.
const { addHook } = require("sucrase/dist/register");

addHook(".ts", { transforms: ["typescript", "imports"], disableESTransforms: true });
