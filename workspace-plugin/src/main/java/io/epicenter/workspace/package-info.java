/** Workspaces: typed tables as REST and actions as RPC over the same rooms. */
package io.epicenter.workspace;
