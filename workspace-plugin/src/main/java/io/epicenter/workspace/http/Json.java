package io.epicenter.workspace.http;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.epicenter.workspace.store.ValidationException;
import io.helidon.common.media.type.MediaTypes;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * JSON in and out for the workspace routes. Uses Jackson (the server's JSON media module brings it)
 * directly, so every answer is {@code application/json} whatever the request's {@code Accept}, and
 * bad bodies are answered with our own 400.
 */
final class Json {

    static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /** A request error with a status and a client message. */
    static final class HttpError extends RuntimeException {
        final int status;

        HttpError(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }
    }

    private Json() {
    }

    static void send(ServerResponse res, int status, Object body) {
        byte[] bytes;
        try {
            bytes = MAPPER.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("response is not JSON-serializable: " + e.getOriginalMessage(), e);
        }
        res.status(Status.create(status));
        res.headers().contentType(MediaTypes.APPLICATION_JSON);
        res.send(bytes);
    }

    static void error(ServerResponse res, int status, String message) {
        send(res, status, Map.of("error", message));
    }

    static void validation(ServerResponse res, ValidationException e) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", e.summary());
        body.put("fields", e.fields());
        send(res, e.status(), body);
    }

    /**
     * @param req the request
     * @param maxBytes largest accepted body
     * @param emptyAsObject whether a missing body counts as {@code {}}
     * @return the body as a JSON object
     * @throws HttpError 400 (not a JSON object) or 413 (too large)
     */
    @SuppressWarnings("unchecked")
    static Map<String, Object> object(ServerRequest req, int maxBytes, boolean emptyAsObject) {
        byte[] bytes;
        if (!req.content().hasEntity()) {
            bytes = new byte[0];
        } else {
            try (InputStream in = req.content().inputStream()) {
                bytes = in.readNBytes(maxBytes + 1);
            } catch (IOException | RuntimeException e) {
                throw new HttpError(400, "cannot read the request body: " + e.getMessage());
            }
        }
        if (bytes.length > maxBytes) {
            throw new HttpError(413, "request body larger than " + maxBytes + " bytes (plugins.workspace.max-body-bytes)");
        }
        if (bytes.length == 0 || new String(bytes, java.nio.charset.StandardCharsets.UTF_8).isBlank()) {
            if (emptyAsObject) {
                return new LinkedHashMap<>();
            }
            throw new HttpError(400, "the request body must be a JSON object");
        }
        Object v;
        try {
            v = MAPPER.readValue(bytes, Object.class);
        } catch (IOException e) {
            throw new HttpError(400, "the request body is not valid JSON: " + firstLine(e));
        }
        if (!(v instanceof Map<?, ?>)) {
            throw new HttpError(400, "the request body must be a JSON object");
        }
        return (Map<String, Object>) v;
    }

    private static String firstLine(IOException e) {
        String m = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
        if (m == null) {
            return e.getClass().getSimpleName();
        }
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    /** @return the parsed JSON text, or the text itself when it is not JSON */
    static Object parseLenient(String text) {
        try {
            return MAPPER.readValue(text, Object.class);
        } catch (IOException e) {
            return text;
        }
    }

    static String header(ServerRequest req, io.helidon.http.HeaderName name) {
        return req.headers().first(name).orElse(null);
    }

    static void allow(ServerResponse res, String methods) {
        res.header(HeaderNames.ALLOW, methods);
    }
}
