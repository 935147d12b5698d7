/** Shared plumbing for finding ServiceLoader providers, Deadwood's own and those in plugin jars. */
package io.deadwood.api.plugin;
