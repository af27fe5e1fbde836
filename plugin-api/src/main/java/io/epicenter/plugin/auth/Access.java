package io.epicenter.plugin.auth;

/** What a connection or request may do with a document. */
public enum Access {
    /** read and write */
    READ_WRITE,
    /** receive the document and awareness, but every update it sends is refused */
    READ_ONLY,
    /** refused (WebSockets are closed with 4401, HTTP answers 401) */
    DENY
}
