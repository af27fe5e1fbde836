/**
 * Durable document storage: the contract between the sync plugin's rooms and whatever keeps their
 * updates on disk.
 *
 * <p>A room's stored form is an <b>append log</b> of Yjs V1 updates plus at most one
 * <b>snapshot</b> (the merge of a prefix of the log). {@link io.epicenter.plugin.storage.Storage}
 * is the store; {@link io.epicenter.plugin.storage.StorageProvider} makes one from the
 * {@code storage} config node and is found with
 * {@link io.epicenter.plugin.ServiceRegistry#findAll}: the one whose
 * {@link io.epicenter.plugin.storage.StorageProvider#kind() kind} equals {@code storage.kind} is
 * used ({@code sqlite}, the default, or {@code memory}; a plugin jar can bring another).
 *
 * <p>What an acknowledgement means: a completed {@link io.epicenter.plugin.storage.Storage#append}
 * future says the update is durable (for a disk store: committed and synced to disk). The sync
 * protocol's 102 acknowledgement waits for that future; broadcasting an update to peers does not.
 *
 * <p>Failures never lose state the caller holds: every operation reports failure as a failed future
 * (or exception) carrying a {@link io.epicenter.plugin.storage.StorageException} with the room id,
 * and the caller keeps its in-memory state and retries.
 *
 * <p>This package only grows, by default methods, like the rest of the SPI.
 */
package io.epicenter.plugin.storage;
