package io.epicenter.crdt.update;

import java.util.Map;

/**
 * Result of {@code parseUpdateMeta}: per client, {@code from} = start clock of its first struct in the
 * update and {@code to} = end clock of its last struct (Skips included). Maps iterate in the order the
 * clients appear in the update.
 */
public record UpdateMeta(Map<Long, Long> from, Map<Long, Long> to) {}
