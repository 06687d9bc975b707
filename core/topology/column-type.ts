/**
 * The Glue (Hive) column type grammar, so a type is refused when the topology is read, not
 * by Glue halfway through a deploy, and so a "type" can never smuggle a second column
 * (`int, injected_col int`) into a table definition.
 *
 *   type      := primitive | array<type> | map<primitive,type> | struct<name:type,...>
 *   primitive := boolean | tinyint | smallint | int | integer | bigint | float | double
 *              | string | date | timestamp | binary | decimal[(p[,s])] | char(n) | varchar(n)
 */

const SIMPLE = new Set(["boolean", "tinyint", "smallint", "int", "integer", "bigint", "float", "double", "string", "date", "timestamp", "binary"]);

/** Whether `text` is one Glue column type. */
export function isColumnType(text: string): boolean {
    const parser = new TypeParser(text.replace(/\s+/g, ""));
    try {
        parser.type();
        return parser.done();
    } catch {
        return false;
    }
}

class TypeParser {
    private at = 0;

    constructor(private readonly s: string) {}

    done(): boolean {
        return this.at === this.s.length;
    }

    type(): void {
        const word = this.word();
        if (word === "array") return this.inAngles(() => this.type());
        if (word === "map")
            return this.inAngles(() => {
                this.primitive(this.word());
                this.expect(",");
                this.type();
            });
        if (word === "struct")
            return this.inAngles(() => {
                do {
                    if (!/^[a-z_][a-z0-9_]*$/.test(this.word())) throw new Error("field name");
                    this.expect(":");
                    this.type();
                } while (this.take(","));
            });
        this.primitive(word);
    }

    private primitive(word: string): void {
        if (SIMPLE.has(word)) return;
        if (word === "decimal") {
            if (this.take("(")) {
                const precision = this.number(1, 38);
                if (this.take(",")) this.number(0, precision);
                this.expect(")");
            }
            return;
        }
        if (word === "char" || word === "varchar") {
            this.expect("(");
            this.number(1, word === "char" ? 255 : 65535);
            this.expect(")");
            return;
        }
        throw new Error(`unknown type ${word}`);
    }

    private inAngles(body: () => void): void {
        this.expect("<");
        body();
        this.expect(">");
    }

    private word(): string {
        const m = /^[a-z_][a-z0-9_]*/.exec(this.s.slice(this.at));
        if (!m) throw new Error("expected a word");
        this.at += m[0].length;
        return m[0];
    }

    private number(min: number, max: number): number {
        const m = /^\d+/.exec(this.s.slice(this.at));
        if (!m) throw new Error("expected a number");
        this.at += m[0].length;
        const n = Number(m[0]);
        if (n < min || n > max) throw new Error("out of range");
        return n;
    }

    private take(c: string): boolean {
        if (this.s[this.at] !== c) return false;
        this.at++;
        return true;
    }

    private expect(c: string): void {
        if (!this.take(c)) throw new Error(`expected ${c}`);
    }
}
