package io.epicenter.workspace.schema;

/** A workspace definition is invalid; the message names the file, table and field. Stops startup. */
public final class DefinitionException extends RuntimeException {
    public DefinitionException(String message) {
        super(message);
    }
}
