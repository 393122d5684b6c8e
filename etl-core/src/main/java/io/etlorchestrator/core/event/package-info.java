/**
 * The events of a run and {@link io.etlorchestrator.core.event.RunListener}, the one stream
 * through which every state change of a run passes. Checkpoints, reports, alerts and progress
 * displays are all listeners.
 */
package io.etlorchestrator.core.event;
