package io.epicenter.sync.protocol;

/** A message that decodes but breaks the protocol (e.g. an unknown sync sub-type); closed with 1002. */
public final class ProtocolViolationException extends Exception {
    private static final long serialVersionUID = 1L;

    public ProtocolViolationException(String reason) {
        super(reason, null, false, false);
    }
}
