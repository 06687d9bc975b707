// Loaded by mocha before any spec (.mocharc.js "require"), in every worker process.
import { setDefaultStackTraceLimit } from "../../plan/evaluate";

// Evaluations under the mocks run without stack traces unless a test asks for them: the SDK
// captures one per internal promise, which took four fifths of an evaluation under ts-node's
// source maps. Registered resources are the same (test/plan/evaluation-modes.spec.ts), and
// errors keep their messages; a failing assertion outside an evaluation keeps its stack.
setDefaultStackTraceLimit(0);
