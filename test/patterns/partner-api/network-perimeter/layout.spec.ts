import { strict as assert } from "assert";
import { overlaps, perimeterLayout, sharingRanges, subdivide } from "../../../../patterns/partner-api/network-perimeter/layout";

describe("network perimeter: the address plan", () => {
    const layout = perimeterLayout("10.100.0.0/24", [{ name: "producer", cidr: "10.30.0.0/16" }], 2);

    it("gives each zone of the egress VPC a public, a firewall and a transit /28", () => {
        assert.deepEqual(layout.egress.zones, [
            { public: "10.100.0.0/28", firewall: "10.100.0.64/28", transit: "10.100.0.128/28" },
            { public: "10.100.0.16/28", firewall: "10.100.0.80/28", transit: "10.100.0.144/28" },
        ]);
    });

    it("gives each zone of a workload VPC an isolated and a sharing subnet, apart", () => {
        assert.deepEqual(layout.workloads[0].zones, [
            { isolated: "10.30.0.0/19", sharing: "10.30.128.0/19" },
            { isolated: "10.30.32.0/19", sharing: "10.30.160.0/19" },
        ]);
        assert.deepEqual(sharingRanges(layout), ["10.30.128.0/19", "10.30.160.0/19"]);
    });

    it("never lets two subnets overlap", () => {
        const all = [
            ...layout.egress.zones.flatMap((z) => [z.public, z.firewall, z.transit]),
            ...layout.workloads.flatMap((w) => w.zones.flatMap((z) => [z.isolated, z.sharing])),
        ];
        for (let i = 0; i < all.length; i++) {
            for (let j = i + 1; j < all.length; j++) {
                assert.equal(overlaps(all[i], all[j]), false, `${all[i]} overlaps ${all[j]}`);
            }
        }
    });

    it("splits ranges in address order", () => {
        assert.deepEqual(subdivide("192.168.0.0/24", 2), ["192.168.0.0/26", "192.168.0.64/26", "192.168.0.128/26", "192.168.0.192/26"]);
    });

    const bad: { name: string; plan: () => unknown; message: RegExp }[] = [
        {
            name: "a malformed range",
            plan: () => perimeterLayout("10.100.0/24", [{ name: "p", cidr: "10.30.0.0/16" }], 2),
            message: /egressCidr: "10.100.0\/24" is not an IPv4 range/,
        },
        {
            name: "host bits set",
            plan: () => perimeterLayout("10.100.0.5/24", [{ name: "p", cidr: "10.30.0.0/16" }], 2),
            message: /egressCidr: 10.100.0.5\/24 has host bits set: the range starts at 10.100.0.0\/24/,
        },
        {
            name: "a public range",
            plan: () => perimeterLayout("10.100.0.0/24", [{ name: "p", cidr: "8.8.0.0/16" }], 2),
            message: /workloads\[0\]\.cidr: 8.8.0.0\/16 is not a private range/,
        },
        {
            name: "an egress range too small for /28 subnets",
            plan: () => perimeterLayout("10.100.0.0/25", [{ name: "p", cidr: "10.30.0.0/16" }], 2),
            message: /egressCidr: 10.100.0.0\/25 must be a \/16 to \/24/,
        },
        {
            name: "overlapping VPCs",
            plan: () => perimeterLayout("10.30.0.0/24", [{ name: "p", cidr: "10.30.0.0/16" }], 2),
            message: /workloads\[0\]\.cidr: 10.30.0.0\/16 overlaps egressCidr/,
        },
        {
            name: "two workloads overlapping",
            plan: () =>
                perimeterLayout(
                    "10.100.0.0/24",
                    [
                        { name: "a", cidr: "10.30.0.0/16" },
                        { name: "b", cidr: "10.30.64.0/18" },
                    ],
                    2,
                ),
            message: /workloads\[1\]\.cidr: 10.30.64.0\/18 overlaps workloads\[0\]\.cidr/,
        },
        {
            name: "a name used twice",
            plan: () =>
                perimeterLayout(
                    "10.100.0.0/24",
                    [
                        { name: "a", cidr: "10.30.0.0/16" },
                        { name: "a", cidr: "10.31.0.0/16" },
                    ],
                    2,
                ),
            message: /workloads\[1\]\.name: a is used twice/,
        },
        { name: "no workload", plan: () => perimeterLayout("10.100.0.0/24", [], 2), message: /at least one workload VPC/ },
        { name: "five zones", plan: () => perimeterLayout("10.100.0.0/24", [{ name: "p", cidr: "10.30.0.0/16" }], 5), message: /availabilityZoneCount is 5/ },
    ];
    for (const c of bad) {
        it(`refuses ${c.name}, naming the key`, () => {
            assert.throws(c.plan, c.message);
        });
    }
});
