package io.etlorchestrator.core.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Hides credentials in what is written for people: log lines, exception messages, {@code
 * toString()}. An endpoint URL keeps what tells a reader which endpoint it is (scheme, host, port)
 * and loses everything else, because for webhooks the path is the secret (Slack's {@code
 * /services/T…/B…/token}) and user info and query strings often carry tokens too: {@code
 * https://hooks.slack.com/services/T0/B0/XYZ} shows as {@code https://hooks.slack.com/***}. The
 * whole path goes, not only its last segments, since a generic webhook's first segment may be its
 * token. Internal: not part of the public API.
 */
public final class Redaction {
  /** What stands in for a hidden part. */
  public static final String MASK = "***";

  /** Path segments shorter than this are words ({@code v2}, {@code hooks}), not tokens. */
  private static final int SHORTEST_SECRET_SEGMENT = 8;

  private static final Pattern SCHEME = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*");
  private static final Pattern HOST_AND_PORT = Pattern.compile("[A-Za-z0-9._\\-\\[\\]:]+");

  private Redaction() {}

  /**
   * {@code url} as {@code scheme://host[:port]}, followed by {@code /***} if it had anything more
   * (path, query, fragment); never its user info. A URL without a host shows its scheme only
   * ({@code file:***}).
   */
  public static String url(URI url) {
    String scheme = url.getScheme();
    String authority = url.getHost();
    if (authority == null && url.getRawAuthority() != null) {
      authority = withoutUserInfo(url.getRawAuthority()); // a registry name Java does not take for a host
    } else if (authority != null && url.getPort() >= 0) {
      authority = authority + ":" + url.getPort();
    }
    if (scheme == null || authority == null || !HOST_AND_PORT.matcher(authority).matches()) {
      return scheme == null ? MASK : scheme + ":" + MASK;
    }
    String path = url.getRawPath();
    boolean more =
        (path != null && !path.isEmpty() && !path.equals("/"))
            || url.getRawQuery() != null
            || url.getRawFragment() != null;
    return scheme + "://" + authority + (more ? "/" + MASK : "");
  }

  /**
   * {@code text}, meant as a URL, as {@link #url(URI)} shows it; if it is not one Java can parse,
   * its scheme, host and port as far as they can be made out, else {@value #MASK}.
   */
  public static String url(String text) {
    try {
      return url(new URI(text));
    } catch (URISyntaxException e) {
      int separator = text.indexOf("://");
      if (separator <= 0 || !SCHEME.matcher(text.substring(0, separator)).matches()) {
        return MASK;
      }
      int start = separator + 3;
      int end = start;
      while (end < text.length() && "/?#".indexOf(text.charAt(end)) < 0) {
        end++;
      }
      String authority = withoutUserInfo(text.substring(start, end));
      if (!HOST_AND_PORT.matcher(authority).matches()) {
        return text.substring(0, separator) + ":" + MASK;
      }
      return text.substring(0, start) + authority + (end < text.length() ? "/" + MASK : "");
    }
  }

  private static String withoutUserInfo(String authority) {
    return authority.substring(authority.lastIndexOf('@') + 1);
  }

  /**
   * The parts of {@code url} that are secret, raw and decoded, to {@link #scrub} from text that
   * others wrote (an endpoint's answer, a library's exception): the URL itself, its user info,
   * path, query and fragment, and each path segment long enough to be a token.
   */
  public static Set<String> secretsOf(URI url) {
    Set<String> secrets = new LinkedHashSet<>();
    secrets.add(url.toString());
    secrets.add(url.toASCIIString());
    addIfPresent(secrets, url.getRawUserInfo(), url.getUserInfo());
    String path = url.getRawPath();
    if (path != null && !path.equals("/")) {
      addIfPresent(secrets, path, url.getPath());
      for (String segment : path.split("/")) {
        if (segment.length() >= SHORTEST_SECRET_SEGMENT) {
          secrets.add(segment);
        }
      }
    }
    addIfPresent(secrets, url.getRawQuery(), url.getQuery());
    addIfPresent(secrets, url.getRawFragment(), url.getFragment());
    return secrets;
  }

  private static void addIfPresent(Set<String> secrets, String raw, String decoded) {
    for (String part : new String[] {raw, decoded}) {
      if (part != null && !part.isEmpty()) {
        secrets.add(part);
      }
    }
  }

  /** {@code text} with every occurrence of each of {@code secrets} replaced by {@value #MASK}. */
  public static String scrub(String text, Collection<String> secrets) {
    List<String> longestFirst = new ArrayList<>(secrets);
    longestFirst.sort(Comparator.comparingInt(String::length).reversed());
    String scrubbed = text;
    for (String secret : longestFirst) {
      if (!secret.isEmpty()) {
        scrubbed = scrubbed.replace(secret, MASK);
      }
    }
    return scrubbed;
  }
}
