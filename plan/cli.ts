import { startBundlingHandlers } from "../core/lambda/early-bundles";

// `npm run plan`: the process around the command (plan/main.ts), which exits with its code.
// Packaging the Lambda handlers starts first: esbuild works on the second core while the
// import of main loads the program (core/lambda/early-bundles.ts).
startBundlingHandlers();
import("./main").then(({ runPlan }) => runPlan(process.argv.slice(2))).then((code) => process.exit(code));
