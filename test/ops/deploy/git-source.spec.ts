import { strict as assert } from "assert";
import { gitSource } from "../../../ops/deploy/git-source";

describe("the git source of a remote run", () => {
    const git = (answers: Record<string, string>) => (args: string[]) => {
        const answer = answers[args.join(" ")];
        if (answer === undefined) throw new Error(`fatal: ${args.join(" ")}`);
        return answer;
    };

    it("defaults to this checkout's origin, current branch and the project's folder in the repository", () => {
        const source = gitSource(
            "/repo/infra",
            undefined,
            undefined,
            git({
                "remote get-url origin": "git@github.com:acme/datasharing.git\n",
                "rev-parse --abbrev-ref HEAD": "main\n",
                "rev-parse --show-prefix": "infra/\n",
            }),
        );
        assert.deepEqual(source, { url: "git@github.com:acme/datasharing.git", branch: "main", projectPath: "infra" });
    });

    it("takes what it is given, and asks for what git cannot say", () => {
        assert.deepEqual(gitSource("/x", "https://example.com/r.git", "release", git({})), {
            url: "https://example.com/r.git",
            branch: "release",
            projectPath: "",
        });
        assert.throws(() => gitSource("/x", undefined, "main", git({})), /could not read the origin remote of \/x from git: give --remote-repo <url>/);
        // A detached HEAD has no branch for Pulumi Deployments to check out.
        assert.throws(() => gitSource("/x", "u", undefined, git({ "rev-parse --abbrev-ref HEAD": "HEAD\n" })), /give --remote-branch <name>/);
    });
});
