package io.epicenter.server.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A small blocking WebSocket client over a plain socket: cheap enough to open thousands, reads only
 * when asked (so it can play a client that stopped reading), answers pings only while reading
 * messages with {@link #next()} ({@link #readFrame()} and {@link #readUntilClose()} never answer them).
 */
public final class RawWsClient implements AutoCloseable {

    /** Every blocking read is bounded by this (ms; system property {@code epicenter.test.timeout} in seconds, default 10). */
    public static final int TIMEOUT_MS = (int) WsClient.TIMEOUT.toMillis();

    /** One frame as received (the server's frames are unmasked). */
    public record Frame(int opcode, boolean fin, byte[] payload) {
        /** @return the status code of a close frame (1005 if it has none) */
        public int closeCode() {
            return payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : 1005;
        }

        /** @return the reason of a close frame ("" if it has none) */
        public String closeReason() {
            return payload.length > 2 ? new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8) : "";
        }
    }

    /** How a connection ended, as the client saw it. */
    public record Closed(int code, String reason) {
        public static final Closed EOF = new Closed(1006, "eof");
    }

    /** The upgrade was answered with something other than 101. */
    public static final class Refused extends IOException {
        public final String statusLine;

        Refused(String statusLine) {
            super("upgrade refused: " + statusLine);
            this.statusLine = statusLine;
        }
    }

    /** A close frame (or EOF) arrived where a message was expected. */
    public static final class ClosedException extends IOException {
        public final Closed closed;

        ClosedException(Closed closed) {
            super("closed: " + closed);
            this.closed = closed;
        }
    }

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    private RawWsClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
        this.out = socket.getOutputStream();
    }

    public static RawWsClient open(int port, String path) throws IOException {
        return open(port, path, Map.of(), 0);
    }

    /**
     * @param port server port
     * @param path path and query, sent as is (e.g. /sync/room)
     * @param headers more request headers
     * @param receiveBuffer socket receive buffer (0: default; small fills quickly)
     * @throws Refused when the server does not answer 101
     */
    public static RawWsClient open(int port, String path, Map<String, String> headers, int receiveBuffer) throws IOException {
        Socket s = new Socket();
        try {
            if (receiveBuffer > 0) {
                s.setReceiveBufferSize(receiveBuffer);
            }
            s.setTcpNoDelay(true); // several small frames in a row: no Nagle delay
            s.connect(new InetSocketAddress("127.0.0.1", port), TIMEOUT_MS);
            s.setSoTimeout(TIMEOUT_MS);
            RawWsClient c = new RawWsClient(s);
            byte[] key = new byte[16];
            ThreadLocalRandom.current().nextBytes(key);
            StringBuilder req = new StringBuilder("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n"
                    + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                    + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(key) + "\r\n");
            headers.forEach((k, v) -> req.append(k).append(": ").append(v).append("\r\n"));
            c.out.write(req.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
            c.out.flush();
            String status = c.readHead();
            if (!status.startsWith("HTTP/1.1 101")) {
                throw new Refused(status);
            }
            return c;
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    /** @return the status line of the answer to an upgrade request for this raw path */
    public static String upgradeStatus(int port, String rawPathAndQuery) throws IOException {
        try (RawWsClient c = open(port, rawPathAndQuery)) {
            return "HTTP/1.1 101";
        } catch (Refused e) {
            return e.statusLine;
        }
    }

    private String readHead() throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("eof in http head");
            }
            head.write(b);
            matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        String s = head.toString(StandardCharsets.US_ASCII);
        return s.substring(0, s.indexOf("\r\n"));
    }

    // ------------------------------------------------------------------ sending

    public void sendBinary(byte[] payload) throws IOException {
        sendFrame(0x2, payload);
    }

    public void sendClose(int code, String reason) throws IOException {
        byte[] r = reason.getBytes(StandardCharsets.UTF_8);
        byte[] p = new byte[2 + r.length];
        p[0] = (byte) (code >>> 8);
        p[1] = (byte) code;
        System.arraycopy(r, 0, p, 2, r.length);
        sendFrame(0x8, p);
    }

    /** Send one final (FIN) frame. */
    public void sendFrame(int opcode, byte[] payload) throws IOException {
        sendFrame(opcode, true, payload);
    }

    /** Send one masked frame. */
    public void sendFrame(int opcode, boolean fin, byte[] payload) throws IOException {
        ByteArrayOutputStream f = new ByteArrayOutputStream(payload.length + 14);
        f.write((fin ? 0x80 : 0) | opcode);
        int len = payload.length;
        if (len < 126) {
            f.write(0x80 | len);
        } else if (len < 65536) {
            f.write(0x80 | 126);
            f.write(len >>> 8);
            f.write(len);
        } else {
            f.write(0x80 | 127);
            for (int i = 7; i >= 0; i--) {
                f.write((int) ((long) len >>> (8 * i)));
            }
        }
        byte[] mask = new byte[4];
        ThreadLocalRandom.current().nextBytes(mask);
        f.writeBytes(mask);
        for (int i = 0; i < len; i++) {
            f.write(payload[i] ^ mask[i & 3]);
        }
        out.write(f.toByteArray());
        out.flush();
    }

    // ------------------------------------------------------------------ receiving

    /** @return the next frame, whatever it is (blocks up to the timeout; pings are not answered) */
    public Frame readFrame() throws IOException {
        int b0 = in.readUnsignedByte();
        int b1 = in.readUnsignedByte();
        long len = b1 & 0x7f;
        if (len == 126) {
            len = in.readUnsignedShort();
        } else if (len == 127) {
            len = in.readLong();
        }
        byte[] payload = new byte[(int) len];
        in.readFully(payload);
        return new Frame(b0 & 0x0f, (b0 & 0x80) != 0, payload);
    }

    /** @return the next close frame, skipping everything else (pings are not answered) */
    public Frame readUntilClose() throws IOException {
        while (true) {
            Frame f = readFrame();
            if (f.opcode() == 0x8) {
                return f;
            }
        }
    }

    /**
     * @return the next whole binary message (pings answered, fragments joined)
     * @throws ClosedException when a close frame or EOF comes first
     */
    public byte[] next() throws IOException {
        ByteArrayOutputStream partial = null;
        while (true) {
            Frame f;
            try {
                f = readFrame();
            } catch (EOFException e) {
                throw new ClosedException(Closed.EOF);
            }
            switch (f.opcode()) {
                case 0x9 -> sendFrame(0xA, f.payload());
                case 0xA -> {
                }
                case 0x8 -> throw new ClosedException(new Closed(f.closeCode(), f.closeReason()));
                case 0x2, 0x0 -> {
                    // the server never fragments; keep it simple but correct
                    if (partial == null) {
                        partial = new ByteArrayOutputStream();
                    }
                    partial.writeBytes(f.payload());
                    return partial.toByteArray();
                }
                default -> throw new IOException("unexpected opcode " + f.opcode());
            }
        }
    }

    /** @return the next message whose first byte is {@code type} (others skipped) */
    public byte[] next(int type) throws IOException {
        while (true) {
            byte[] m = next();
            if (m.length > 0 && (m[0] & 0xff) == type) {
                return m;
            }
        }
    }

    /** @return how the server ended the connection: its close frame, or EOF (messages are skipped) */
    public Closed awaitClose() throws IOException {
        while (true) {
            try {
                next();
            } catch (ClosedException e) {
                return e.closed;
            } catch (SocketException e) {
                return new Closed(1006, "reset: " + e.getMessage());
            }
        }
    }

    /** Close normally: send 1000, wait for the server's close frame, close the socket. */
    public Closed closeNormally() throws IOException {
        try {
            sendClose(1000, "bye");
            return awaitClose();
        } finally {
            socket.close();
        }
    }

    /** @return whether the server ended the TCP connection (EOF) within the read timeout */
    public boolean awaitEof() throws IOException {
        try {
            while (in.read() >= 0) {
                // discard
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (SocketException e) {
            return true; // reset
        }
    }

    public void soTimeout(int ms) throws IOException {
        socket.setSoTimeout(ms);
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
