package io.epicenter.plugin.actions;

/** What an action sees: its workspace and that workspace's tables. */
public interface ActionContext {

    /** @return the workspace id */
    String workspaceId();

    /** @return the workspace's tables */
    WorkspaceTables tables();
}
