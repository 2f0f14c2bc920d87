/**
 * Internal implementation of socket-core: junixsocket and FFM glue. Not exported; may change
 * without notice.
 */
package io.github.systemd4j.socket.internal;
