package io.epicenter.storage;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;

/** Orders strings by their UTF-8 bytes, unsigned: the order of {@link io.epicenter.plugin.storage.RoomPage}. */
public final class Utf8Order {

    /** The comparator. */
    public static final Comparator<String> COMPARATOR = Utf8Order::compare;

    private Utf8Order() {
    }

    /**
     * @param a one string
     * @param b another
     * @return negative, zero or positive as {@code a}'s UTF-8 bytes sort before, equal or after {@code b}'s
     */
    public static int compare(String a, String b) {
        return Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
