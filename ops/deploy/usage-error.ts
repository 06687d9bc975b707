/** A command line the tool cannot act on: printed as is, with exit code 2, before anything runs. */
export class UsageError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "UsageError";
    }
}
