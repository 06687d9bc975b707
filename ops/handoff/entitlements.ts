import { TopologyEvaluation } from "../../plan/evaluation";
import { EntitlementReport, collectEntitlements, renderMarkdown } from "../../plan/entitlements";

/**
 * The consumer's rows of the entitlement report (what its principals can reach, through
 * which path, until when), from the same evaluation and code as `npm run plan`, so the
 * producer's reviewer and the consumer sign off the same rows.
 */
export function consumerEntitlements(evaluation: TopologyEvaluation, consumer: string, asOf: Date): EntitlementReport {
    const report = collectEntitlements(evaluation, asOf);
    return { ...report, entitlements: report.entitlements.filter((e) => e.consumer === consumer) };
}

export function renderConsumerEntitlements(report: EntitlementReport, consumer: string): string {
    if (report.entitlements.length > 0) return renderMarkdown(report);
    return `${renderMarkdown(report).trimEnd()}\n\n${consumer} receives nothing as of ${report.accessAsOf} (an ended or a not yet granted consumer); deploying its stack removes what it had.\n`;
}
