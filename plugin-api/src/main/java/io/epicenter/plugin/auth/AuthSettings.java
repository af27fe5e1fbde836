package io.epicenter.plugin.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * The host's auth configuration ({@code auth.token}, flag {@code --token}, env
 * {@code EPICENTER_TOKEN}). Never log the token.
 *
 * @param token the shared token, empty when the server runs without auth
 */
public record AuthSettings(Optional<String> token) {

    public AuthSettings {
        token = token.filter(t -> !t.isEmpty());
    }

    /** @return whether a token is required */
    public boolean enabled() {
        return token.isPresent();
    }

    /**
     * Constant-time comparison with the configured token.
     *
     * @param candidate what the client presented (may be null)
     * @return true when no token is configured, or when the candidate equals it exactly
     */
    public boolean accepts(String candidate) {
        if (token.isEmpty()) {
            return true;
        }
        if (candidate == null) {
            return false;
        }
        return MessageDigest.isEqual(token.get().getBytes(StandardCharsets.UTF_8),
                                     candidate.getBytes(StandardCharsets.UTF_8));
    }

    /** @return a string safe for logs */
    @Override
    public String toString() {
        return "AuthSettings[token=" + (enabled() ? "<set>" : "<none>") + "]";
    }
}
