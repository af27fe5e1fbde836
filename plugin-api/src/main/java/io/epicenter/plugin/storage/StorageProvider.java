package io.epicenter.plugin.storage;

import java.util.Collection;
import java.util.Optional;

import io.helidon.config.Config;

/**
 * Makes a {@link Storage} of one kind. Listed in
 * {@code META-INF/services/io.epicenter.plugin.storage.StorageProvider} of a jar on the application
 * class path or in {@code plugins/}, and found with
 * {@link io.epicenter.plugin.ServiceRegistry#findAll}; a plugin may also
 * {@link io.epicenter.plugin.ServiceRegistry#publish publish} one in its {@code start}.
 *
 * <p>What an implementer must guarantee: a public no-argument constructor that does no work;
 * {@link #kind()} unique among providers and stable; {@link #open} does all the work (creating
 * directories, opening files) and either returns a ready store or throws.
 *
 * <p>The config node passed to {@link #open} is {@code storage}; the keys every kind reads:
 * <ul>
 *   <li>{@code data-dir} (default {@code ./data}): where a disk store keeps its files, relative
 *       to the working directory;</li>
 *   <li>{@code compact-after-updates} (default 500) and {@code compact-after-bytes} (default
 *       1048576): a room's log is compacted when it holds at least that many entries or bytes after
 *       its snapshot.</li>
 * </ul>
 * A kind may read more keys under {@code storage.<kind>}.
 */
public interface StorageProvider {

    /** The kind used when {@code storage.kind} is not set. */
    String DEFAULT_KIND = "sqlite";

    /** @return the value of {@code storage.kind} that selects this provider (e.g. {@code sqlite}) */
    String kind();

    /**
     * Open a store. The caller closes it.
     *
     * @param storageConfig the {@code storage} config node (may be empty: use the defaults)
     * @return a ready store
     * @throws StorageException when it cannot be opened (the message says why and where)
     */
    Storage open(Config storageConfig);

    /**
     * @param providers the providers found (e.g. {@code registry.findAll(StorageProvider.class)})
     * @param kind the wanted kind ({@code storage.kind})
     * @return the first provider of that kind
     */
    static Optional<StorageProvider> forKind(Collection<? extends StorageProvider> providers, String kind) {
        for (StorageProvider p : providers) {
            if (p.kind().equals(kind)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
