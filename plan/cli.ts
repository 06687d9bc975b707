import { runPlan } from "./main";

// `npm run plan`: the process around the command (plan/main.ts), which exits with its code.
runPlan(process.argv.slice(2)).then((code) => process.exit(code));
