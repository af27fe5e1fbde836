package io.epicenter.sync.ws;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which browser origins may open WebSockets ({@code plugins.sync.allowed-origins}). Empty (the
 * default) allows any origin, as y-websocket does. Entries are compared with the request's
 * {@code Origin} header case-insensitively, ignoring a trailing {@code /}; {@code *} allows any.
 * Requests without an {@code Origin} header (non-browser clients) are always allowed: the header
 * only protects browsers from cross-site pages, it is no authentication.
 */
public final class OriginPolicy {

    private final Set<String> allowed;
    private final boolean any;

    /** @param allowed the configured origins */
    public OriginPolicy(List<String> allowed) {
        this.allowed = allowed.stream().map(OriginPolicy::normalize).collect(Collectors.toUnmodifiableSet());
        this.any = this.allowed.isEmpty() || this.allowed.contains("*");
    }

    /**
     * @param origin the request's Origin header value, or null
     * @return whether it may upgrade
     */
    public boolean allows(String origin) {
        return any || origin == null || allowed.contains(normalize(origin));
    }

    private static String normalize(String origin) {
        String o = origin.trim().toLowerCase(Locale.ROOT);
        while (o.endsWith("/")) {
            o = o.substring(0, o.length() - 1);
        }
        return o;
    }
}
