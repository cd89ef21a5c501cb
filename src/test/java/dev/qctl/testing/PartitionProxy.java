package dev.qctl.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP forwarder on loopback that a test can cut silently, as a network partition does: while
 * cut, bytes are read and dropped in both directions and nothing is closed or refused, so only
 * a client's own timeouts tell it something is wrong. {@link #heal} resets the connections that
 * lived through the cut (as a real network's state would be lost) and forwards new ones again.
 */
public final class PartitionProxy implements AutoCloseable {
    private final ServerSocket listener;
    private final InetSocketAddress target;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private volatile boolean cut;
    private volatile long delayMillis;

    public PartitionProxy(String host, int port) throws IOException {
        this.target = new InetSocketAddress(host, port);
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofPlatform().daemon().name("partition-proxy").start(this::accept);
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** Every chunk waits this long before it is passed on, in each direction (a slow link, not a lossy one). */
    public void delay(java.time.Duration oneWay) {
        delayMillis = oneWay.toMillis();
    }

    /** From now on nothing gets through, and nobody is told. */
    public void cut() {
        cut = true;
    }

    /** Drops the connections that saw the cut and forwards again. */
    public void heal() {
        for (Socket s : open) closeQuietly(s);
        open.clear();
        cut = false;
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket();
                server.connect(target, 5000);
                open.add(client);
                open.add(server);
                pump(client, server);
                pump(server, client);
            } catch (IOException e) {
                if (listener.isClosed()) return;
            }
        }
    }

    private void pump(Socket from, Socket to) {
        Thread.ofPlatform().daemon().start(() -> {
            byte[] buffer = new byte[16384];
            try (InputStream in = from.getInputStream()) {
                OutputStream out = to.getOutputStream();
                for (int n; (n = in.read(buffer)) > 0; ) {
                    if (cut) continue; // swallowed: a partition, not a reset
                    if (delayMillis > 0) Thread.sleep(delayMillis);
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException | InterruptedException ignored) {
                // either side closed
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        });
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        heal();
    }
}
