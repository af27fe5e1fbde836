package io.epicenter.plugin;

import java.util.function.Supplier;

import io.helidon.http.Method;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.websocket.WsListener;

/**
 * Where a plugin registers its HTTP routes, filters and WebSocket endpoints. The host logs every
 * registration (plugin, method, path). Paths use Helidon's path patterns ({@code /sync/{roomId}}).
 *
 * <p>WebSocket endpoints get a new listener per connection from the supplier; Helidon runs all
 * callbacks of one connection on that connection's own virtual thread.
 */
public interface Routes {

    /**
     * Add an HTTP route.
     *
     * @param method the HTTP method
     * @param path the path pattern
     * @param handler the handler
     * @return this
     */
    Routes route(Method method, String path, Handler handler);

    /**
     * Add an HTTP filter; it sees every request, including WebSocket upgrade requests (Helidon
     * routes upgrades through HTTP filters before the 101), so check the path yourself.
     *
     * @param filter the filter
     * @return this
     */
    Routes filter(Filter filter);

    /**
     * Add a WebSocket endpoint.
     *
     * @param path the path pattern
     * @param listenerPerConnection creates one listener per connection
     * @return this
     */
    Routes websocket(String path, Supplier<? extends WsListener> listenerPerConnection);

    /** @return the raw Helidon routing, for what the methods above do not cover (not logged) */
    HttpRouting.Builder http();

    default Routes get(String path, Handler handler) {
        return route(Method.GET, path, handler);
    }

    default Routes post(String path, Handler handler) {
        return route(Method.POST, path, handler);
    }

    default Routes put(String path, Handler handler) {
        return route(Method.PUT, path, handler);
    }

    default Routes delete(String path, Handler handler) {
        return route(Method.DELETE, path, handler);
    }
}
