/**
 * Reports for people: {@link io.etlorchestrator.core.report.RunReport} (the seed's run report in
 * Markdown, a Mermaid gantt chart and a self-contained HTML page), {@link
 * io.etlorchestrator.core.report.PlanReport} (a plan in Markdown) and {@link
 * io.etlorchestrator.core.report.ProgressListener} (progress lines while a run goes on).
 */
package io.etlorchestrator.core.report;
