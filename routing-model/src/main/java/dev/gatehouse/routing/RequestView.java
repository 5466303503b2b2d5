package dev.gatehouse.routing;

/**
 * What a route's {@link RequestMatch} may look at besides host and path: the method and the headers. The proxy
 * implements it over its own request type, so the model stays free of any HTTP library.
 */
public interface RequestView {

    /** The method, upper case as sent ({@code GET}). */
    String method();

    /** The first value of the header {@code name} (lower case), or null when the request has none. */
    String header(String name);
}
