package io.epicenter.plugin.storage;

import java.util.List;
import java.util.Optional;

/**
 * One page of {@link Storage#listRooms}.
 *
 * @param roomIds stored room ids, ascending by their UTF-8 bytes (unsigned; SQLite's binary order, which
 *                {@link String#compareTo} agrees with except for characters above U+FFFF)
 * @param next when more rooms follow: the value to pass as {@code after} to get the next page
 */
public record RoomPage(List<String> roomIds, Optional<String> next) {

    /** Copies {@code roomIds} into an unmodifiable list. */
    public RoomPage {
        roomIds = List.copyOf(roomIds);
    }
}
