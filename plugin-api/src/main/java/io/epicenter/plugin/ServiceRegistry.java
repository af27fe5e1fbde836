package io.epicenter.plugin;

import java.util.List;
import java.util.Optional;

/**
 * The host's registry of shared services: how plugins cooperate without importing each other.
 *
 * <p>A service type must be an interface from {@code plugin-api} (or the JDK), because only those
 * classes are shared between plugin class loaders. Two ways a service gets here:
 * <ul>
 *   <li>a plugin {@link #publish publishes} an instance in {@link EpicenterPlugin#start};</li>
 *   <li>any jar in {@code plugins/} (a plugin or a plain library such as a jar of workspace
 *       actions) lists an implementation in {@code META-INF/services/<type>}; {@link #findAll}
 *       loads those with {@link java.util.ServiceLoader} from every plugin class loader.</li>
 * </ul>
 * Thread-safe. Later publications of a type shadow earlier ones in {@link #find}; the host
 * publishes its defaults (such as the shared-token {@code Authorizer}) before any plugin starts.
 */
public interface ServiceRegistry {

    /**
     * Publish a service instance.
     *
     * @param type the shared interface
     * @param service the implementation
     * @param <T> service type
     */
    <T> void publish(Class<T> type, T service);

    /**
     * @param type the shared interface
     * @param <T> service type
     * @return the most recently published instance, else the first one found by ServiceLoader
     */
    <T> Optional<T> find(Class<T> type);

    /**
     * @param type the shared interface
     * @param <T> service type
     * @return published instances (in publication order) followed by those found with
     *         ServiceLoader in the application class path and every plugin's class loader
     */
    <T> List<T> findAll(Class<T> type);
}
