/**
 * Extension points of the YAML module: {@link io.etlorchestrator.yaml.spi.ExecutorContributor}
 * lets another module apply the blocks of a definition file it is responsible for.
 */
package io.etlorchestrator.yaml.spi;
