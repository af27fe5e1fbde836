package io.epicenter.server.plugin;

import java.util.function.Supplier;

import io.epicenter.plugin.Routes;
import io.helidon.http.Method;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.websocket.WsRouting;
import io.helidon.websocket.WsListener;

/** {@link Routes} over the server's routing builders; one log line per registration. */
final class LoggingRoutes implements Routes {

    private static final System.Logger LOG = System.getLogger(LoggingRoutes.class.getName());

    private final String plugin;
    private final HttpRouting.Builder http;
    private final WsRouting.Builder ws;

    LoggingRoutes(String plugin, HttpRouting.Builder http, WsRouting.Builder ws) {
        this.plugin = plugin;
        this.http = http;
        this.ws = ws;
    }

    @Override
    public Routes route(Method method, String path, Handler handler) {
        http.route(method, path, handler);
        LOG.log(System.Logger.Level.INFO, "route registered: plugin=" + plugin + " " + method.text() + " " + path);
        return this;
    }

    @Override
    public Routes filter(Filter filter) {
        http.addFilter(filter);
        LOG.log(System.Logger.Level.INFO, "filter registered: plugin=" + plugin);
        return this;
    }

    @Override
    public Routes websocket(String path, Supplier<? extends WsListener> listenerPerConnection) {
        ws.endpoint(path, listenerPerConnection::get);
        LOG.log(System.Logger.Level.INFO, "route registered: plugin=" + plugin + " WEBSOCKET " + path);
        return this;
    }

    @Override
    public HttpRouting.Builder http() {
        return http;
    }
}
