package org.contactability.embedded;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.server.ServerSocketFactory;

/**
 * Listening sockets bound before the broker is configured, handed to Kafka's socket server when it
 * opens its listeners.
 *
 * <p>A KRaft node must name its controller's address in {@code controller.quorum.voters} before it
 * starts. Binding first makes ephemeral ports (0) race-free: the real port is known up front and
 * nobody can take it between "find a free port" and "listen on it".
 */
final class PreboundSockets implements ServerSocketFactory, AutoCloseable {

  private static final int LISTEN_BACKLOG = 50;
  private static final int KAFKA_DEFAULT_BUFFER_SIZE = -1;

  private final Map<String, ServerSocketChannel> channels = new ConcurrentHashMap<>();

  /** Binds a listening socket for the named listener and returns the port it got. */
  int bind(String listenerName, String host, int port) throws IOException {
    ServerSocketChannel channel = ServerSocketChannel.open();
    try {
      // Kafka's acceptor selects on the channel, so it must be non-blocking like the ones it opens itself.
      channel.configureBlocking(false);
      channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
      channel.bind(new InetSocketAddress(host, port), LISTEN_BACKLOG);
    } catch (IOException e) {
      channel.close();
      throw new IOException("Cannot listen on " + host + ":" + port + " for the Kafka " + listenerName
          + " listener (is another broker already running there?): " + e.getMessage(), e);
    }
    channels.put(listenerName, channel);
    return ((InetSocketAddress) channel.getLocalAddress()).getPort();
  }

  @Override
  public ServerSocketChannel openServerSocket(String listenerName, InetSocketAddress address,
                        int listenBacklogSize, int recvBufferSize) throws IOException {
    ServerSocketChannel channel = channels.remove(listenerName);
    if (channel == null) {
      return ServerSocketFactory.INSTANCE.openServerSocket(listenerName, address, listenBacklogSize, recvBufferSize);
    }
    if (recvBufferSize != KAFKA_DEFAULT_BUFFER_SIZE) {
      channel.socket().setReceiveBufferSize(recvBufferSize);
    }
    return channel;
  }

  /** Closes the sockets Kafka never claimed (startup failed before it opened its listeners). */
  @Override
  public void close() {
    channels.values().forEach(channel -> {
      try {
        channel.close();
      } catch (IOException ignored) {
        // Nothing listens on it; closing is best effort.
      }
    });
    channels.clear();
  }
}
