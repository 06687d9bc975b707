import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";
import { isInside } from "./project-root";

/** The Lambda `handler` setting that goes with a bundled entry: `index.js`, export `handler`. */
export const LAMBDA_HANDLER = "index.handler";

/** Whether the module's source exports a value named `handler`. */
function exportsHandler(source: ts.SourceFile): boolean {
    const isExported = (node: ts.Node): boolean =>
        ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
    return source.statements.some((statement) => {
        if (ts.isFunctionDeclaration(statement) && statement.name?.text === "handler") {
            return isExported(statement);
        }
        if (ts.isVariableStatement(statement) && isExported(statement)) {
            return statement.declarationList.declarations.some((d) => ts.isIdentifier(d.name) && d.name.text === "handler");
        }
        if (ts.isExportDeclaration(statement) && !statement.isTypeOnly && statement.exportClause && ts.isNamedExports(statement.exportClause)) {
            return statement.exportClause.elements.some((e) => !e.isTypeOnly && e.name.text === "handler");
        }
        return false;
    });
}

/**
 * The entry as an absolute real path, once it is known to be a `.ts` file inside the root
 * that exports `handler`.
 * @throws Error when the entry is missing, outside the root, not TypeScript, or exports no handler
 */
export function checkEntry(root: string, entry: string): string {
    const entryFile = path.resolve(root, entry);
    if (!fs.existsSync(entryFile)) {
        throw new Error(`lambdaCode: handler entry ${entryFile} does not exist`);
    }
    const real = fs.realpathSync(entryFile);
    if (!isInside(root, real) || !real.endsWith(".ts")) {
        throw new Error(`lambdaCode: handler entry ${entryFile} must be a .ts file inside the project root ${root}`);
    }
    const source = ts.createSourceFile(real, fs.readFileSync(real, "utf8"), ts.ScriptTarget.ES2022, false, ts.ScriptKind.TS);
    if (!exportsHandler(source)) {
        throw new Error(`lambdaCode: ${path.relative(root, real)} does not export a "handler" function, which the Lambda runtime calls (${LAMBDA_HANDLER})`);
    }
    return real;
}
