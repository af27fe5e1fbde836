/** Authorization shared by all plugins: the configured token and the pluggable {@link io.epicenter.plugin.auth.Authorizer}. */
package io.epicenter.plugin.auth;
