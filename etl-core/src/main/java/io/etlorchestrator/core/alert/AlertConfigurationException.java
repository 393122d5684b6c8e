package io.etlorchestrator.core.alert;

import java.util.List;

/**
 * Alert rules name channels nobody registered (and no fallback channel was chosen for such names),
 * or the fallback channel itself is not registered. Thrown by {@link Alerting.Builder#build()}, so
 * a mistake shows when the pipeline is set up, not when the first failure happens.
 */
public class AlertConfigurationException extends io.etlorchestrator.core.EtlException {
  private static final long serialVersionUID = 1L;

  private final List<String> unknownChannels;
  private final List<String> registeredChannels;

  /** An exception naming the {@code unknownChannels} and the {@code registeredChannels}. */
  public AlertConfigurationException(
      String message, List<String> unknownChannels, List<String> registeredChannels) {
    super(message);
    this.unknownChannels = List.copyOf(unknownChannels);
    this.registeredChannels = List.copyOf(registeredChannels);
  }

  /** The channel names rules use that are not registered, in rule order. */
  public List<String> unknownChannels() {
    return unknownChannels;
  }

  /** The registered channel names, in registration order. */
  public List<String> registeredChannels() {
    return registeredChannels;
  }
}
