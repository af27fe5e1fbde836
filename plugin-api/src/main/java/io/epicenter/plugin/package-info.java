/**
 * The Epicenter plugin SPI: the small, stable contract between the host ({@code server-app}) and
 * its plugins.
 *
 * <p>A plugin is a class implementing {@link io.epicenter.plugin.EpicenterPlugin}, named in its
 * jar's {@code META-INF/services/io.epicenter.plugin.EpicenterPlugin} and found with
 * {@link java.util.ServiceLoader}. The host gives it a {@link io.epicenter.plugin.PluginContext}
 * (its config node, the shared {@link io.epicenter.plugin.ServiceRegistry}, the auth settings)
 * and a {@link io.epicenter.plugin.Routes} to add HTTP and WebSocket routes to.
 *
 * <p>Compatibility rule: this package only grows, and it grows by default methods, so a plugin
 * compiled against an older SPI keeps loading. Plugins cooperate only through interfaces declared
 * here (for example {@code io.epicenter.plugin.rooms.RoomsService} or
 * {@link io.epicenter.plugin.auth.Authorizer}); a plugin never imports another plugin's classes.
 *
 * <p>Class loading: each plugin from the {@code plugins/} directory gets its own class loader
 * whose parent is the application class loader. The parent provides the JDK, Helidon,
 * {@code plugin-api} and {@code crdt}; everything else a plugin needs must be in its own jar or
 * its directory.
 */
package io.epicenter.plugin;
