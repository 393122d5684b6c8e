/**
 * Extension points a host plugs into the core: the {@link io.etlorchestrator.core.spi.Scheduler}
 * of delays, the {@link io.etlorchestrator.core.spi.CheckpointStore} of run state and the {@link
 * io.etlorchestrator.core.spi.AlertChannel}s alerts go to.
 */
package io.etlorchestrator.core.spi;
