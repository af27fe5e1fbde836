package io.epicenter.workspace.http;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;

import io.epicenter.plugin.auth.Access;
import io.epicenter.plugin.auth.AuthSettings;
import io.epicenter.plugin.auth.Authorizer;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

/**
 * In front of the workspace routes ({@code /workspaces/...} and {@code /openapi}); other paths pass
 * untouched.
 * <ul>
 *   <li>WebSocket upgrades to {@code /workspaces/{id}/sync}: 404 for an unknown workspace (before
 *       the 101); auth and origin checks are the sync protocol's (the listener and the sync
 *       plugin's filter).</li>
 *   <li>CORS: a request with an {@code Origin} that {@code plugins.sync.allowed-origins} allows
 *       gets {@code Access-Control-Allow-Origin} (that origin) and friends; a preflight
 *       ({@code OPTIONS} with {@code Access-Control-Request-Method}) is answered 204 here, without
 *       auth. A request from an origin not allowed is refused with 403.</li>
 *   <li>Auth: {@code Authorization: Bearer <token>} (never the query string), checked by the
 *       registry's {@link Authorizer} for the workspace's room (the host's default compares with
 *       {@code auth.token} in constant time); {@code /openapi} compares with {@code auth.token}.
 *       Denied: 401 with a JSON error; read-only access: writes answer 403.</li>
 * </ul>
 */
public final class WorkspaceFilter implements Filter {

    private static final System.Logger LOG = System.getLogger("io.epicenter.workspace");
    private static final String METHODS = "GET, HEAD, POST, PUT, DELETE, OPTIONS";

    private final Set<String> workspaces;
    private final Origins origins;
    private final AuthSettings auth;
    private final Supplier<Authorizer> authorizer;

    /**
     * @param workspaces ids of the defined workspaces
     * @param origins allowed browser origins
     * @param auth the shared token settings
     * @param authorizer the registry's authorizer (looked up per request; may give null)
     */
    public WorkspaceFilter(Set<String> workspaces, Origins origins, AuthSettings auth, Supplier<Authorizer> authorizer) {
        this.workspaces = Set.copyOf(workspaces);
        this.origins = origins;
        this.auth = auth;
        this.authorizer = authorizer;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        String raw = req.prologue().uriPath().rawPath();
        boolean openapi = raw.equals("/openapi");
        if (!openapi && !raw.equals("/workspaces") && !raw.startsWith("/workspaces/")) {
            chain.proceed();
            return;
        }
        String[] seg = raw.split("/", -1); // "", "workspaces", id, ...
        String workspace = seg.length > 2 ? decode(seg[2]) : null;
        boolean upgrade = req.headers().first(HeaderNames.UPGRADE).map(v -> v.equalsIgnoreCase("websocket")).orElse(false);
        if (upgrade) {
            if (seg.length == 4 && seg[3].equals("sync") && workspace != null && workspaces.contains(workspace)) {
                chain.proceed();
            } else {
                LOG.log(System.Logger.Level.INFO, "workspace upgrade refused: status=404 path=" + quote(raw));
                Json.error(res, 404, "no workspace '" + workspace + "'");
            }
            return;
        }
        String origin = req.headers().first(HeaderNames.ORIGIN).orElse(null);
        Method method = req.prologue().method();
        boolean preflight = method.equals(Method.OPTIONS) && origin != null
                && req.headers().contains(HeaderNames.ACCESS_CONTROL_REQUEST_METHOD);
        if (origin != null) {
            if (!origins.allows(origin)) {
                LOG.log(System.Logger.Level.INFO, "workspace request refused: status=403 origin=" + quote(origin)
                        + " path=" + quote(raw));
                Json.error(res, 403, "origin not allowed: " + origin + " (see plugins.sync.allowed-origins)");
                return;
            }
            res.header(HeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, origin);
            res.header(HeaderNames.VARY, "Origin");
            if (preflight) {
                res.header(HeaderNames.ACCESS_CONTROL_ALLOW_METHODS, METHODS);
                String asked = req.headers().first(HeaderNames.ACCESS_CONTROL_REQUEST_HEADERS).orElse("");
                res.header(HeaderNames.ACCESS_CONTROL_ALLOW_HEADERS, asked.isBlank() ? "Authorization, Content-Type" : asked);
                res.header(HeaderNames.ACCESS_CONTROL_MAX_AGE, "600");
                res.status(io.helidon.http.Status.NO_CONTENT_204).send();
                return;
            }
            res.header(HeaderNames.ACCESS_CONTROL_EXPOSE_HEADERS, "Location");
        }
        String token = bearer(req.headers().first(HeaderNames.AUTHORIZATION).orElse(null));
        Access access;
        if (workspace != null && workspaces.contains(workspace)) {
            Authorizer a = authorizer.get();
            access = a != null ? a.authorize(workspace, token, req.headers())
                    : auth.accepts(token) ? Access.READ_WRITE : Access.DENY;
        } else {
            access = auth.accepts(token) ? Access.READ_WRITE : Access.DENY;
        }
        if (access == null || access == Access.DENY) {
            res.header(HeaderNames.WWW_AUTHENTICATE, "Bearer realm=\"epicenter\"");
            Json.error(res, 401, token == null ? "missing bearer token (Authorization: Bearer <token>)" : "wrong bearer token");
            return;
        }
        if (access == Access.READ_ONLY && !(method.equals(Method.GET) || method.equals(Method.HEAD) || method.equals(Method.OPTIONS))) {
            Json.error(res, 403, "read-only access");
            return;
        }
        chain.proceed();
    }

    private static String bearer(String header) {
        if (header == null) {
            return null;
        }
        String h = header.trim();
        if (h.length() > 7 && h.substring(0, 7).toLowerCase(Locale.ROOT).equals("bearer ")) {
            return h.substring(7).trim();
        }
        return null;
    }

    /**
     * @param segment a raw path segment
     * @return it percent-decoded as UTF-8 ({@code +} stays), or null when malformed
     */
    static String decode(String segment) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(segment.length());
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (c == '%') {
                if (i + 2 >= segment.length()) {
                    return null;
                }
                int hi = Character.digit(segment.charAt(i + 1), 16);
                int lo = Character.digit(segment.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    return null;
                }
                out.write(hi * 16 + lo);
                i += 2;
            } else {
                out.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static String quote(String s) {
        if (s == null) {
            return "null";
        }
        String t = s.length() > 200 ? s.substring(0, 200) + "..." : s;
        StringBuilder b = new StringBuilder("\"");
        for (char c : t.toCharArray()) {
            b.append(c < 0x20 || c == '"' || c == '\\' ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return b.append('"').toString();
    }
}
