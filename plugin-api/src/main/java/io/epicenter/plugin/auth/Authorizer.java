package io.epicenter.plugin.auth;

import io.helidon.http.Headers;

/**
 * Decides what a client may do with a room. The host publishes a default that compares the
 * presented token with {@code auth.token} in constant time (no token configured: everyone gets
 * {@link Access#READ_WRITE}). A plugin may publish its own implementation to the
 * {@link io.epicenter.plugin.ServiceRegistry} in {@code start}; the latest publication wins.
 *
 * <p>Called on the connection's thread before any document data is sent; must not block long.
 */
@FunctionalInterface
public interface Authorizer {

    /**
     * @param roomId the decoded room id
     * @param token the token presented ({@code ?token=} or {@code Authorization: Bearer}), or null
     * @param headers the request headers
     * @return the access granted
     */
    Access authorize(String roomId, String token, Headers headers);
}
