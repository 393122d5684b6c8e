/**
 * Pipeline definitions in YAML, the step-type registry, and the plan written in the seed's YAML
 * shape. Not yet implemented: see the project's issues.
 */
package io.etlorchestrator.yaml;
