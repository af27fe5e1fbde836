/**
 * The y-websocket sync server at {@code /sync/{roomId}}.
 *
 * <p>Packages: {@code protocol} (y-protocols framing, awareness decoding), {@code room} (rooms,
 * their lanes and lifecycle, the update log, the storage seam), {@code ws} (connections, the
 * WebSocket listener, upgrade filter and origin policy, keepalive).
 */
package io.epicenter.sync;
