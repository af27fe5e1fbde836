/**
 * Shared access to the sync plugin's rooms: {@link io.epicenter.plugin.rooms.RoomsService}.
 *
 * <p>The sync plugin publishes one {@code RoomsService} to the
 * {@link io.epicenter.plugin.ServiceRegistry} in its {@code start}; other plugins find it in
 * {@code routes} or later with {@code registry.find(RoomsService.class)}. This package only grows,
 * by default methods.
 */
package io.epicenter.plugin.rooms;
