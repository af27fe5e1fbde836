package io.epicenter.sync.ws;

import io.epicenter.sync.LogText;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

/**
 * Refuses bad WebSocket upgrade requests before the 101 (Helidon 4.5 routes upgrade requests
 * through HTTP filters first):
 * <ul>
 *   <li>any upgrade whose {@code Origin} is not allowed by {@code plugins.sync.allowed-origins}:
 *       403 with a reason. (Helidon's own origin check is relaxed by
 *       {@link OriginPolicyUpgradeProvider}, so this filter is the policy for every WebSocket
 *       path of the server.)</li>
 *   <li>an upgrade to {@code /sync/...} whose room id is not valid: 400 with the reason.</li>
 * </ul>
 * Other requests pass untouched. Log lines never contain the query string (it may hold the token).
 */
public final class SyncFilter implements Filter {

    private static final System.Logger LOG = System.getLogger("io.epicenter.sync.ws");

    private final OriginPolicy origins;

    /** @param origins the origin policy */
    public SyncFilter(OriginPolicy origins) {
        this.origins = origins;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        boolean upgrade = req.headers().first(HeaderNames.UPGRADE).map(v -> v.equalsIgnoreCase("websocket")).orElse(false);
        if (!upgrade) {
            chain.proceed();
            return;
        }
        String rawPath = req.prologue().uriPath().rawPath();
        String origin = req.headers().first(HeaderNames.ORIGIN).orElse(null);
        if (!origins.allows(origin)) {
            LOG.log(System.Logger.Level.INFO, "sync upgrade refused: status=403 origin=" + LogText.quote(origin)
                    + " path=" + LogText.quote(rawPath));
            res.status(Status.FORBIDDEN_403).send("origin not allowed: " + origin
                    + " (see plugins.sync.allowed-origins)");
            return;
        }
        if (rawPath.equals("/sync") || rawPath.startsWith(RoomIds.PREFIX)) {
            try {
                RoomIds.fromRawPath(rawPath.equals("/sync") ? RoomIds.PREFIX : rawPath);
            } catch (IllegalArgumentException e) {
                LOG.log(System.Logger.Level.INFO, "sync upgrade refused: status=400 reason=" + LogText.quote(e.getMessage())
                        + " path=" + LogText.quote(rawPath));
                res.status(Status.BAD_REQUEST_400).send("invalid room id: " + e.getMessage());
                return;
            }
        }
        chain.proceed();
    }
}
