package io.epicenter.sync.ws;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

import io.epicenter.plugin.rooms.RoomsService;

/** Turns the raw path segment of {@code /sync/{roomId}} into a room id, strictly. */
public final class RoomIds {

    /** Path prefix of the sync endpoint. */
    public static final String PREFIX = "/sync/";

    private RoomIds() {
    }

    /**
     * @param rawPath the raw (still percent-encoded) request path, starting with {@link #PREFIX}
     * @return the decoded room id
     * @throws IllegalArgumentException with the reason when the id is invalid
     */
    public static String fromRawPath(String rawPath) {
        if (!rawPath.startsWith(PREFIX)) {
            throw new IllegalArgumentException("path does not start with " + PREFIX);
        }
        return decodeSegment(rawPath.substring(PREFIX.length()));
    }

    /**
     * @param raw a raw path segment
     * @return the percent-decoded room id
     * @throws IllegalArgumentException with the reason when it is not a valid room id
     */
    public static String decodeSegment(String raw) {
        if (raw.isEmpty()) {
            throw new IllegalArgumentException("room id is empty");
        }
        if (raw.indexOf('/') >= 0) {
            throw new IllegalArgumentException("room id must not contain '/'");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length()) {
                    throw new IllegalArgumentException("room id has an incomplete percent escape");
                }
                int hi = Character.digit(raw.charAt(i + 1), 16);
                int lo = Character.digit(raw.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    throw new IllegalArgumentException("room id has an invalid percent escape");
                }
                out.write(hi << 4 | lo);
                i += 2;
            } else if (c < 0x80) {
                out.write(c);
            } else {
                byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                if (Character.isHighSurrogate(c) && i + 1 < raw.length()) {
                    b = raw.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
                    i++;
                }
                out.writeBytes(b);
            }
        }
        byte[] bytes = out.toByteArray();
        if (bytes.length > RoomsService.MAX_ROOM_ID_BYTES) {
            throw new IllegalArgumentException("room id is longer than " + RoomsService.MAX_ROOM_ID_BYTES + " bytes");
        }
        String id;
        try {
            id = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("room id is not valid UTF-8");
        }
        if (id.indexOf('/') >= 0) {
            throw new IllegalArgumentException("room id must not contain '/' (also not encoded as %2F)");
        }
        if (!RoomsService.isValidRoomId(id)) {
            throw new IllegalArgumentException("room id is not valid");
        }
        return id;
    }
}
