/** Extension points a host plugs into the core: the {@link io.etlorchestrator.core.spi.Scheduler} of delays. */
package io.etlorchestrator.core.spi;
