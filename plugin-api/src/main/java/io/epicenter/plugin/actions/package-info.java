/**
 * Workspace actions: named queries and mutations that plugin jars contribute and the workspace
 * plugin serves as RPC at {@code /workspaces/{id}/actions/{name}}.
 *
 * <p>To ship actions, put a jar in {@code plugins/} whose
 * {@code META-INF/services/io.epicenter.plugin.actions.WorkspaceAction} lists your classes (public,
 * no-argument constructors), or publish instances to the registry from a plugin's {@code start}.
 * The workspace plugin finds them with {@code registry.findAll(WorkspaceAction.class)}.
 */
package io.epicenter.plugin.actions;
