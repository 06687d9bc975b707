import * as pulumi from "@pulumi/pulumi";
import { createRequire } from "module";

type Provider<I, O> = pulumi.dynamic.ResourceProvider<I, O>;

/**
 * A dynamic provider's create, diff, update and delete (`remove`), checked present: the
 * ResourceProvider type makes them optional, and a test of a missing one should say so.
 */
export function providerMethods<I, O>(provider: Provider<I, O>) {
    const { create, diff, update, delete: remove } = provider;
    if (!create || !diff || !update || !remove) throw new Error("the provider lacks create, diff, update or delete");
    return { create, diff, update, remove };
}

/** The provider as the engine loads it from the registered `__provider` text. */
export function loadSerialized(text: string): pulumi.dynamic.ResourceProvider {
    const loaded = { exports: {} as { handler(): pulumi.dynamic.ResourceProvider } };
    new Function("module", "exports", "require", text)(loaded, loaded.exports, createRequire(__filename));
    return loaded.exports.handler();
}
