package io.etlorchestrator.yaml.internal;

/**
 * One problem found while reading a definition, before it is given a file name. Internal: not
 * part of the public API.
 *
 * @param mark where; {@link Mark#FILE} for the whole file
 * @param path the field path such as {@code steps[3].depends_on[1]}; empty for the whole document
 * @param message what is wrong and what would be valid
 */
public record Problem(Mark mark, String path, String message) {}
