import { startBundlingHandlers } from "../core/lambda/early-bundles";

// `npm run plan`: the process around the command (plan/main.ts), which exits with its code.
// The handlers are bundled on the second core while the program's modules load (in main's import).
startBundlingHandlers();
import("./main").then(({ runPlan }) => runPlan(process.argv.slice(2))).then((code) => process.exit(code));
