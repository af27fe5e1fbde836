package io.epicenter.workspace;

import java.util.Map;

import io.epicenter.plugin.EpicenterPlugin;
import io.epicenter.plugin.PluginContext;

/**
 * Workspaces: typed tables as REST and actions as RPC over the sync plugin's rooms. A skeleton
 * for now: it loads, reports itself, and mounts nothing until workspace definitions exist.
 */
public final class WorkspacePlugin implements EpicenterPlugin {

    private volatile int workspaces;

    @Override
    public String name() {
        return "workspace";
    }

    @Override
    public void start(PluginContext context) {
        workspaces = context.config().get("workspaces").asNodeList().map(java.util.List::size).orElse(0);
    }

    @Override
    public Map<String, Object> status() {
        return Map.of("workspaces", workspaces);
    }
}
