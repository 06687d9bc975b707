import { Document, Pair, Scalar, YAMLMap, isMap, isScalar, parseDocument } from "yaml";
import { NAMESPACE } from "../../core/stack/settings";
import { DeployingConsumer } from "./consumer";
import { References } from "./references";

const REFERENCES_KEY = `${NAMESPACE}:references`;

/**
 * The consumer's `Pulumi.<stack>.yaml` with its references block: the project's own file
 * when it has one (its comments and settings kept, any earlier references replaced), or a
 * minimal one naming the consumer.
 * @param note comment lines above the block: where the values come from
 */
export function stackFileWithReferences(existing: string | undefined, consumer: DeployingConsumer, references: References, note: readonly string[]): string {
    const doc = existing !== undefined ? parseDocument(existing) : minimalStackFile(consumer);
    if (doc.errors.length > 0) throw new Error(`Pulumi.${consumer.account.stack}.yaml is not valid YAML: ${doc.errors[0].message}`);
    let config = doc.get("config", true);
    if (!isMap(config)) {
        config = new YAMLMap();
        doc.set("config", config);
    }
    const map = config as YAMLMap;
    map.items = map.items.filter((p) => !(isScalar(p.key) ? p.key.value === REFERENCES_KEY : p.key === REFERENCES_KEY));
    const pair = doc.createPair(REFERENCES_KEY, references) as Pair<Scalar, unknown>;
    pair.key.commentBefore = note.map((l) => ` ${l}`).join("\n");
    map.items.push(pair);
    return doc.toString({ lineWidth: 0 });
}

function minimalStackFile(consumer: DeployingConsumer): Document {
    const doc = new Document({
        config: {
            [`${NAMESPACE}:account`]: "consumer",
            [`${NAMESPACE}:consumer`]: consumer.name,
            "pulumi:disable-default-providers": ["aws"],
        },
    });
    doc.commentBefore = ` The ${consumer.name} consumer account. Account id and region come from the topology in Pulumi.yaml.`;
    return doc;
}
