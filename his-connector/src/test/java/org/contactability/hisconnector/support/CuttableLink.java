package org.contactability.hisconnector.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP link to a server that a test can cut: every connection through it is reset at once and no
 * new one gets through, which is what the server sees when the process on the other end is killed
 * or its network is gone.
 */
public final class CuttableLink implements AutoCloseable {

  private final ServerSocket listener;
  private final String targetHost;
  private final int targetPort;
  private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
  private volatile boolean cut;

  private CuttableLink(String targetHost, int targetPort) {
    this.targetHost = targetHost;
    this.targetPort = targetPort;
    try {
      this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Thread acceptor = new Thread(this::accept, "link-to-" + targetPort);
    acceptor.setDaemon(true);
    acceptor.start();
  }

  public static CuttableLink to(String host, int port) {
    return new CuttableLink(host, port);
  }

  public String host() {
    return listener.getInetAddress().getHostAddress();
  }

  public int port() {
    return listener.getLocalPort();
  }

  /** Resets every connection and refuses new ones. */
  public void cut() {
    cut = true;
    close(listener);
    sockets.forEach(CuttableLink::reset);
  }

  @Override
  public void close() {
    cut();
  }

  private void accept() {
    while (!cut) {
      try {
        Socket client = listener.accept();
        Socket server = new Socket(targetHost, targetPort);
        sockets.add(client);
        sockets.add(server);
        if (cut) {
          reset(client);
          reset(server);
          return;
        }
        pump(client, server);
        pump(server, client);
      } catch (IOException closed) {
        return;
      }
    }
  }

  private void pump(Socket from, Socket to) {
    Thread pump = new Thread(() -> {
      byte[] buffer = new byte[16 * 1024];
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        int read;
        while ((read = in.read(buffer)) >= 0) {
          out.write(buffer, 0, read);
          out.flush();
        }
      } catch (IOException ended) {
        // The other side closed, or the link was cut.
      } finally {
        close(from);
        close(to);
      }
    }, "link-pump-" + targetPort);
    pump.setDaemon(true);
    pump.start();
  }

  private static void reset(Socket socket) {
    try {
      socket.setSoLinger(true, 0);
    } catch (IOException ignored) {
      // Already closed.
    }
    close(socket);
  }

  private static void close(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception ignored) {
      // Closing is all that is wanted.
    }
  }
}
