import type * as pulumi from "@pulumi/pulumi";

/**
 * Leaving dynamic providers' code out of an offline evaluation. A dynamic resource registers
 * its provider as code: Pulumi serializes the provider's functions and every module they
 * capture, through a V8 inspector session that starts by walking every script loaded, for
 * the engine to run at deploy time. Under the mocks nothing runs that code, and serializing
 * it took the plan about 1.3 s of its five. So an evaluation may leave it out
 * ({@link withoutProviderCode}): every dynamic resource then registers a stand-in provider
 * whose code refuses to run. `pulumi up` runs the stack programs outside any evaluation and
 * always registers the real code; the test suite's evaluations do too, and check that every
 * provider's code loads.
 */

let leftOut = false;

/** The provider registered in place of each real one while code is left out. */
const STAND_IN: pulumi.dynamic.ResourceProvider = {
    async create() {
        throw new Error(STAND_IN_MESSAGE);
    },
};

const STAND_IN_MESSAGE = "this resource's provider code was left out by an offline evaluation (npm run plan); `pulumi up` registers the real code";

/** The stand-in's code, as registered in `__provider`: loading it fails with the reason. */
export const STAND_IN_CODE = `exports.handler = () => { throw new Error(${JSON.stringify(STAND_IN_MESSAGE)}); };\n`;

/** The provider a dynamic resource registers: the one given, or the stand-in while an evaluation leaves code out. */
export function providerCode<I, O>(provider: pulumi.dynamic.ResourceProvider<I, O>): pulumi.dynamic.ResourceProvider<I, O> {
    return leftOut ? STAND_IN : provider;
}

/** @pulumi/pulumi's `SerializedFunction`. */
interface SerializedFunction {
    text: string;
    exportName: string;
    containsSecrets: boolean;
}

type SerializeFunction = (func: () => unknown, args?: { exportName?: string; allowSecrets?: boolean }) => Promise<SerializedFunction>;

/**
 * The SDK module whose `serializeFunction` a dynamic resource calls, looked up at each call.
 * It is internal to the SDK: should a release move it, the stand-in is serialized like any
 * provider, only slower.
 */
function closureModule(): { serializeFunction: SerializeFunction } | undefined {
    try {
        // eslint-disable-next-line @typescript-eslint/no-require-imports -- internal module, not exported as an import
        const module = require("@pulumi/pulumi/runtime/closure/serializeClosure") as { serializeFunction?: SerializeFunction };
        return typeof module.serializeFunction === "function" ? (module as { serializeFunction: SerializeFunction }) : undefined;
    } catch {
        return undefined;
    }
}

/**
 * A serializer that answers {@link STAND_IN_CODE} for the stand-in without starting the
 * inspector, and serializes anything else as before. A dynamic resource hands the SDK its
 * provider in a thunk (`() => provider`, secrets allowed): only such a call is looked into.
 */
function standInSerializer(serialize: SerializeFunction): SerializeFunction {
    return async (func, args) => {
        const providerThunk = args?.allowSecrets === true && func.length === 0;
        if (providerThunk && func() === STAND_IN) return { text: STAND_IN_CODE, exportName: args?.exportName ?? "handler", containsSecrets: false };
        return serialize(func, args);
    };
}

/**
 * Runs `evaluation` (a program under mocks) with every dynamic resource registering the
 * stand-in provider. The SDK caches a provider's code by provider object, so the real
 * providers' code, cached or not, is not touched.
 */
export async function withoutProviderCode<T>(evaluation: () => Promise<T>): Promise<T> {
    const closure = closureModule();
    const serialize = closure?.serializeFunction;
    const previous = leftOut;
    leftOut = true;
    if (closure && serialize) closure.serializeFunction = standInSerializer(serialize);
    try {
        return await evaluation();
    } finally {
        leftOut = previous;
        if (closure && serialize) closure.serializeFunction = serialize;
    }
}
