/** The y-websocket sync server at {@code /sync/{roomId}}. */
package io.epicenter.sync;
