package io.epicenter.workspace.http;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The browser origins allowed to call the workspace routes: the same list as the sync plugin's
 * WebSockets ({@code plugins.sync.allowed-origins}; empty or {@code *} allows any). Compared
 * case-insensitively, ignoring a trailing {@code /}.
 */
public final class Origins {

    private final Set<String> allowed;
    private final boolean any;

    /** @param allowed the configured origins */
    public Origins(List<String> allowed) {
        this.allowed = allowed.stream().map(String::trim).filter(s -> !s.isEmpty())
                .map(Origins::normalize).collect(Collectors.toUnmodifiableSet());
        this.any = this.allowed.isEmpty() || this.allowed.contains("*");
    }

    /**
     * @param origin an {@code Origin} header value (not null)
     * @return whether that origin may call
     */
    public boolean allows(String origin) {
        return any || allowed.contains(normalize(origin));
    }

    private static String normalize(String origin) {
        String o = origin.trim().toLowerCase(Locale.ROOT);
        while (o.endsWith("/")) {
            o = o.substring(0, o.length() - 1);
        }
        return o;
    }
}
