import { DescribeStatementCommand, ExecuteStatementCommand, ExecuteStatementCommandInput, RedshiftDataClient } from "@aws-sdk/client-redshift-data";
import { mockClient } from "aws-sdk-client-mock";
import { pollSettings } from "../../components/redshift/data-api";
import { mockCallerAccount } from "./caller-account";

/**
 * Mocks the Redshift Data API for the tests of the enclosing `describe` (call it in its body):
 * each statement is accepted and finishes (a test or a later `beforeEach` may answer otherwise
 * with `api.on(...)`), STS says the credentials are `account`'s, and polling does not wait.
 */
export function mockRedshiftData(account: string) {
    const api = mockClient(RedshiftDataClient);
    let sts: ReturnType<typeof mockCallerAccount>;
    const saved = { ...pollSettings };

    before(() => Object.assign(pollSettings, { intervalMs: 0, attempts: 2 }));
    beforeEach(() => {
        api.reset();
        api.on(ExecuteStatementCommand).resolves({ Id: "s1" });
        api.on(DescribeStatementCommand).resolves({ Status: "FINISHED" });
        sts = mockCallerAccount(account);
    });
    afterEach(() => sts.restore());
    after(() => {
        Object.assign(pollSettings, saved);
        api.restore();
    });

    return {
        api,
        /** The STS stub of the running test. */
        get sts() {
            return sts;
        },
        /** The input of each ExecuteStatement sent, in order. */
        executed: (): ExecuteStatementCommandInput[] => api.commandCalls(ExecuteStatementCommand).map((c) => c.args[0].input),
    };
}

/**
 * The SQL sent through the Data API while `run` runs, each statement finishing, with
 * credentials of `account`; the mocks are removed after, whatever happens.
 */
export async function sqlSentBy(account: string, run: () => Promise<unknown>): Promise<(string | undefined)[]> {
    const api = mockClient(RedshiftDataClient);
    const sts = mockCallerAccount(account);
    try {
        api.on(ExecuteStatementCommand).resolves({ Id: "s1" });
        api.on(DescribeStatementCommand).resolves({ Status: "FINISHED" });
        await run();
        return api.commandCalls(ExecuteStatementCommand).map((c) => c.args[0].input.Sql);
    } finally {
        sts.restore();
        api.restore();
    }
}
