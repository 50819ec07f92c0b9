package io.cloacina.temporal;

import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.temporal.internal.testservice.GRPCServerHelper;
import io.temporal.internal.testservice.TestServicesStarter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Temporal's in-memory Java test server ({@code temporal-test-server}) as a real gRPC service on the loopback
 * interface: enough to try workers and runs on one machine with nothing installed. Not a cluster: it keeps
 * everything in memory (gone when it stops), has no UI, no persistence, no replication. Production runs on a
 * real Temporal cluster.
 *
 * <p>It is started the way the test server's own {@code TestServer.createPortBoundServer} starts it, but bound
 * to the loopback address only (that method listens on every interface). The two classes used are internal to
 * the pinned SDK version. Its clock runs in real time: the test server's time skipping, on by default, would fire
 * retry delays, timers and heartbeat timeouts early. It keeps every workflow task on the shared task queue
 * ({@link NoStickyQueues}), because the test server never moves a task off a dead worker's sticky queue: killing a
 * worker would hang its runs.
 *
 * @since 0.3
 */
public final class DevServer implements AutoCloseable {

    private final TestServicesStarter services;
    private final Server server;

    private DevServer(TestServicesStarter services, Server server) {
        this.services = services;
        this.server = server;
    }

    /** Starts listening on {@code 127.0.0.1:port}; port 0 picks a free one (see {@link #port()}). */
    public static DevServer start(int port) {
        TestServicesStarter services = new TestServicesStarter(true, 0);
        NettyServerBuilder builder = NettyServerBuilder.forAddress(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        GRPCServerHelper.registerServicesAndHealthChecks(services.getServices(), builder, List.of(new NoStickyQueues()));
        try {
            return new DevServer(services, builder.build().start());
        } catch (IOException e) {
            services.close();
            throw new UncheckedIOException("cannot listen on " + InetAddress.getLoopbackAddress().getHostAddress()
                    + ":" + port + ": " + e.getMessage(), e);
        }
    }

    public int port() {
        return ((InetSocketAddress) server.getListenSockets().get(0)).getPort();
    }

    /** {@code host:port} for clients and workers. */
    public String target() {
        return InetAddress.getLoopbackAddress().getHostAddress() + ":" + port();
    }

    public void awaitTermination() throws InterruptedException {
        server.awaitTermination();
    }

    @Override
    public void close() {
        server.shutdown();
        try {
            if (!server.awaitTermination(5, TimeUnit.SECONDS)) {
                server.shutdownNow();
            }
        } catch (InterruptedException e) {
            server.shutdownNow();
            Thread.currentThread().interrupt();
        }
        services.close();
    }
}
