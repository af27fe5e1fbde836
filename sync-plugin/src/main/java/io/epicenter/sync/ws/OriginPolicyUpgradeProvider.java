package io.epicenter.sync.ws;

import java.util.Optional;
import java.util.function.Supplier;

import io.helidon.common.Weight;
import io.helidon.common.Weighted;
import io.helidon.http.Header;
import io.helidon.http.HeaderNames;
import io.helidon.http.Headers;
import io.helidon.http.HttpPrologue;
import io.helidon.http.WritableHeaders;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.ProtocolConfigs;
import io.helidon.webserver.http1.spi.Http1RoutedUpgrade;
import io.helidon.webserver.http1.spi.Http1RoutedUpgrader;
import io.helidon.webserver.http1.spi.Http1Upgrader;
import io.helidon.webserver.spi.ServerConnection;
import io.helidon.webserver.websocket.WsConfig;
import io.helidon.webserver.websocket.WsUpgradeProvider;

/**
 * Replaces Helidon's WebSocket upgrade provider (found by {@link java.util.ServiceLoader}; ours
 * weighs more, and Helidon keeps the first upgrader per protocol) so that cross-origin browser
 * upgrades are not refused by Helidon itself.
 *
 * <p>Why: Helidon 4.5's upgrader refuses with 403 any request whose {@code Origin} differs from the
 * {@code Host} unless {@code server.protocols.websocket.origins} lists it, and has no wildcard.
 * y-websocket servers accept any origin, and browsers always send one. So, when
 * {@code server.protocols.websocket.origins} is empty (the default), the upgrader returned here
 * hides the {@code Origin} header from Helidon's origin checks (it is put back for the HTTP
 * filters, so the policy can be enforced there; WebSocket listeners, and so
 * {@link io.epicenter.plugin.auth.Authorizer}s, see the upgrade headers without it), and the
 * origin policy is enforced by
 * {@link SyncFilter} ({@code plugins.sync.allowed-origins}, 403 with a reason). When an operator
 * does configure {@code server.protocols.websocket.origins}, Helidon's own upgrader is used as is.
 * Everything else (route matching, handshake, filters, the connection) is Helidon's own code.
 *
 * <p>Note: this provider must be on the application class path (the sync plugin is, as a built-in
 * plugin); a copy of the plugin dropped into {@code plugins/} is not seen by Helidon's
 * ServiceLoader lookup.
 */
@Weight(Weighted.DEFAULT_WEIGHT + 100)
public class OriginPolicyUpgradeProvider extends WsUpgradeProvider {

    /** Required by ServiceLoader. */
    public OriginPolicyUpgradeProvider() {
    }

    @Override
    public Http1Upgrader create(WsConfig config, ProtocolConfigs configs) {
        Http1Upgrader helidon = super.create(config, configs);
        if (!config.origins().isEmpty()) {
            return helidon;
        }
        if (helidon instanceof Http1RoutedUpgrader routed) {
            return new RoutedAnyOrigin(routed);
        }
        return new AnyOrigin(helidon);
    }

    /** Helidon's upgrader, with the Origin header hidden from its origin check. */
    private static class AnyOrigin implements Http1Upgrader {
        private final Http1Upgrader delegate;

        AnyOrigin(Http1Upgrader delegate) {
            this.delegate = delegate;
        }

        @Override
        public String supportedProtocol() {
            return delegate.supportedProtocol();
        }

        @Override
        public ServerConnection upgrade(ConnectionContext ctx, HttpPrologue prologue, WritableHeaders<?> headers) {
            return withoutOrigin(headers, () -> delegate.upgrade(ctx, prologue, headers));
        }
    }

    /** The same for Helidon's routed upgrader (upgrade requests pass through HTTP filters). */
    private static final class RoutedAnyOrigin extends AnyOrigin implements Http1RoutedUpgrader {
        private final Http1RoutedUpgrader routed;

        RoutedAnyOrigin(Http1RoutedUpgrader routed) {
            super(routed);
            this.routed = routed;
        }

        @Override
        public Optional<Http1RoutedUpgrade> routedUpgrade(ConnectionContext ctx, HttpPrologue prologue,
                                                          WritableHeaders<?> headers) {
            // Helidon checks the origin twice: when preparing (before the filters) and again when
            // upgrading (with the headers the filters saw); hide it from both
            return withoutOrigin(headers, () -> routed.routedUpgrade(ctx, prologue, headers))
                    .map(upgrade -> (response, routedHeaders) -> upgrade.upgrade(response, stripOrigin(routedHeaders)));
        }
    }

    private static Headers stripOrigin(Headers headers) {
        if (!headers.contains(HeaderNames.ORIGIN)) {
            return headers;
        }
        WritableHeaders<?> copy = WritableHeaders.create(headers);
        copy.remove(HeaderNames.ORIGIN);
        return copy;
    }

    /** Run the upgrader's preparation without the Origin header, then restore it for filters and listeners. */
    static <T> T withoutOrigin(WritableHeaders<?> headers, Supplier<T> action) {
        if (!headers.contains(HeaderNames.ORIGIN)) {
            return action.get();
        }
        Header origin = headers.get(HeaderNames.ORIGIN);
        headers.remove(HeaderNames.ORIGIN);
        try {
            return action.get();
        } finally {
            headers.set(origin);
        }
    }
}
