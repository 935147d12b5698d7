/**
 * The suite table SPI: {@link io.deadwood.api.report.SuiteTable} providers render a suite folder's
 * cell results into a {@link io.deadwood.api.report.Table} (markdown and CSV) and optional
 * {@link io.deadwood.api.report.Figure}s. See {@code docs/tables.md}.
 */
package io.deadwood.api.report;
