/**
 * Address plan of the network perimeter, computed before anything is created so that
 * routes and firewall variables name exact subnet ranges, and a bad plan fails with the
 * offending key. IPv4 only.
 */

/** Most availability zones a plan spreads over. */
export const MAX_ZONES = 4;

/** A workload VPC to plan. */
export interface WorkloadPlanInput {
    /** Short name, e.g. "producer". */
    readonly name: string;
    /** The VPC's range, a private /16 to /25. */
    readonly cidr: string;
}

/** Subnets of the egress VPC in one zone. */
export interface EgressZone {
    /** NAT gateway subnet, routed to the internet gateway. */
    readonly public: string;
    /** Network Firewall endpoint subnet. */
    readonly firewall: string;
    /** Transit gateway attachment subnet. */
    readonly transit: string;
}

/** Subnets of a workload VPC in one zone. */
export interface WorkloadZone {
    /** No route beyond the VPC. */
    readonly isolated: string;
    /** Attached to the transit gateway; its only way out is the egress VPC. */
    readonly sharing: string;
}

export interface PerimeterLayout {
    readonly egress: { readonly cidr: string; readonly zones: readonly EgressZone[] };
    readonly workloads: readonly { readonly name: string; readonly cidr: string; readonly zones: readonly WorkloadZone[] }[];
}

interface Range {
    readonly base: number;
    readonly prefix: number;
}

const PRIVATE: readonly Range[] = [parseCidr("10.0.0.0/8"), parseCidr("172.16.0.0/12"), parseCidr("192.168.0.0/16")];

/** `a.b.c.d/n` as a number and a prefix length. @throws Error when it is not an IPv4 network address */
export function parseCidr(cidr: string): Range {
    const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(cidr);
    const octets = m ? m.slice(1, 5).map(Number) : [];
    const prefix = m ? Number(m[5]) : NaN;
    if (!m || octets.some((o) => o > 255) || prefix > 32) {
        throw new Error(`${JSON.stringify(cidr)} is not an IPv4 range such as "10.20.0.0/16"`);
    }
    const base = octets.reduce((n, o) => n * 256 + o, 0);
    if (base % 2 ** (32 - prefix) !== 0) {
        throw new Error(`${cidr} has host bits set: the range starts at ${formatCidr({ base: base - (base % 2 ** (32 - prefix)), prefix })}`);
    }
    return { base, prefix };
}

function formatCidr(r: Range): string {
    const octets = [24, 16, 8, 0].map((shift) => Math.floor(r.base / 2 ** shift) % 256);
    return `${octets.join(".")}/${r.prefix}`;
}

/** The `2^bits` equal parts of a range, in address order. */
export function subdivide(cidr: string, bits: number): string[] {
    const r = parseCidr(cidr);
    const size = 2 ** (32 - r.prefix - bits);
    return Array.from({ length: 2 ** bits }, (_, i) => formatCidr({ base: r.base + i * size, prefix: r.prefix + bits }));
}

export function overlaps(a: string, b: string): boolean {
    const x = parseCidr(a);
    const y = parseCidr(b);
    const end = (r: Range) => r.base + 2 ** (32 - r.prefix);
    return x.base < end(y) && y.base < end(x);
}

/**
 * A layout the perimeter cannot have: `field` is the argument at fault (`egressCidr`,
 * `workloads[<i>].cidr`, `workloads[<i>].name`, `workloads`, `availabilityZoneCount`) and
 * `problem` what is wrong with it, so a caller can name its own key for the field.
 */
export class PerimeterLayoutError extends Error {
    constructor(
        readonly field: string,
        readonly problem: string,
        message = `${field}: ${problem}`,
    ) {
        super(message);
        this.name = "PerimeterLayoutError";
    }
}

function checkRange(key: string, cidr: string, minPrefix: number, maxPrefix: number): void {
    let r: Range;
    try {
        r = parseCidr(cidr);
    } catch (err) {
        throw new PerimeterLayoutError(key, (err as Error).message);
    }
    if (r.prefix < minPrefix || r.prefix > maxPrefix) {
        throw new PerimeterLayoutError(key, `${cidr} must be a /${minPrefix} to /${maxPrefix}`);
    }
    if (!PRIVATE.some((p) => overlaps(formatCidr(p), cidr) && r.prefix >= p.prefix)) {
        throw new PerimeterLayoutError(key, `${cidr} is not a private range (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16)`);
    }
}

/**
 * The plan: the egress VPC's range in sixteenths (per zone a public, a firewall and a
 * transit /+4), each workload VPC's range in eighths (per zone an isolated and a sharing
 * /+3). Subnets stay at /28 or larger, the smallest AWS allows.
 * @throws PerimeterLayoutError naming the argument when a range is malformed, public, out of size, or overlaps another
 */
export function perimeterLayout(egressCidr: string, workloads: readonly WorkloadPlanInput[], zoneCount: number): PerimeterLayout {
    if (!Number.isInteger(zoneCount) || zoneCount < 1 || zoneCount > MAX_ZONES) {
        const problem = `it must be a whole number from 1 to ${MAX_ZONES}`;
        throw new PerimeterLayoutError("availabilityZoneCount", problem, `availabilityZoneCount is ${zoneCount}: ${problem}`);
    }
    checkRange("egressCidr", egressCidr, 16, 24);
    if (workloads.length === 0) {
        throw new PerimeterLayoutError("workloads", "the perimeter needs at least one workload VPC whose sharing subnets it serves");
    }
    const seen = new Map<string, string>([["egressCidr", egressCidr]]);
    workloads.forEach((w, i) => {
        const key = `workloads[${i}]`;
        if (!/^[a-z][a-z0-9-]{0,30}$/.test(w.name)) {
            throw new PerimeterLayoutError(`${key}.name`, `${JSON.stringify(w.name)} must be lower-case letters, digits and "-", starting with a letter`);
        }
        if (workloads.findIndex((o) => o.name === w.name) !== i) {
            throw new PerimeterLayoutError(`${key}.name`, `${w.name} is used twice`);
        }
        checkRange(`${key}.cidr`, w.cidr, 16, 25);
        for (const [otherKey, other] of seen) {
            if (overlaps(w.cidr, other)) {
                throw new PerimeterLayoutError(`${key}.cidr`, `${w.cidr} overlaps ${otherKey} (${other}); routed ranges must be distinct`);
            }
        }
        seen.set(`${key}.cidr`, w.cidr);
    });

    const egressParts = subdivide(egressCidr, 4);
    const zones = Array.from({ length: zoneCount }, (_, z) => z);
    return {
        egress: {
            cidr: egressCidr,
            zones: zones.map((z) => ({ public: egressParts[z], firewall: egressParts[MAX_ZONES + z], transit: egressParts[2 * MAX_ZONES + z] })),
        },
        workloads: workloads.map((w) => {
            const parts = subdivide(w.cidr, 3);
            return { name: w.name, cidr: w.cidr, zones: zones.map((z) => ({ isolated: parts[z], sharing: parts[MAX_ZONES + z] })) };
        }),
    };
}

/** Every sharing subnet range of the plan: the only sources the egress path serves. */
export function sharingRanges(layout: PerimeterLayout): string[] {
    return layout.workloads.flatMap((w) => w.zones.map((z) => z.sharing));
}
