package io.etlorchestrator.examples;

import java.net.URI;
import java.net.URISyntaxException;
import picocli.CommandLine;

/**
 * Reads a webhook URL option. A webhook URL is a credential (a Slack webhook's path is its token),
 * so a value that is not a URL is refused without echoing it, as picocli's own URI converter would.
 */
final class WebhookUrlConverter implements CommandLine.ITypeConverter<URI> {
  @Override
  public URI convert(String value) {
    try {
      return new URI(value);
    } catch (URISyntaxException e) {
      // Not e.getMessage(): it ends with the whole value.
      throw new CommandLine.TypeConversionException(
          String.format(
              "not a URL: %s at index %d (the value is not shown: a webhook URL is a credential)",
              e.getReason(), e.getIndex()));
    }
  }
}
