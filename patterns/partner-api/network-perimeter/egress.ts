/**
 * What the network perimeter's egress firewall lets through, as data both the stack's
 * config checks and the firewall component read.
 */

/**
 * Whether the allow-list admits a host name, as Network Firewall matches a domain list:
 * `api.partner.example` only that name, `.partner.example` the domain and every subdomain.
 * https://docs.aws.amazon.com/network-firewall/latest/developerguide/stateful-rule-groups-domain-names.html
 */
export function domainAllowed(host: string, allowList: readonly string[]): boolean {
    const name = host.toLowerCase().replace(/\.$/, "");
    return allowList.some((entry) => {
        const e = entry.toLowerCase();
        return e.startsWith(".") ? name === e.slice(1) || name.endsWith(e) : name === e;
    });
}

/** Host names of a region's S3 endpoints: what an allow-list must not admit when S3 goes through a gateway endpoint. */
export function s3Hosts(region: string): string[] {
    return [`s3.${region}.amazonaws.com`, `any-bucket.s3.${region}.amazonaws.com`, `s3.dualstack.${region}.amazonaws.com`, `s3-fips.${region}.amazonaws.com`];
}
