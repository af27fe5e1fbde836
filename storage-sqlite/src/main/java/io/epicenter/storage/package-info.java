/**
 * The built-in implementations of {@link io.epicenter.plugin.storage.Storage}: SQLite (the default,
 * {@link io.epicenter.storage.sqlite.SqliteStorage}) and in-memory
 * ({@link io.epicenter.storage.memory.MemoryStorage}), each with its
 * {@link io.epicenter.plugin.storage.StorageProvider} listed in {@code META-INF/services}; plus
 * {@link io.epicenter.storage.testing.FailingStorage}, a wrapper for tests that fails on command.
 */
package io.epicenter.storage;
