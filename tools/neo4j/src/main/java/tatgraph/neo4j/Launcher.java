package tatgraph.neo4j;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.BoltConnectorInternalSettings;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.connectors.HttpsConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.configuration.ssl.ClientAuth;
import org.neo4j.configuration.ssl.SslPolicyConfig;
import org.neo4j.configuration.ssl.SslPolicyScope;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.io.ByteUnit;

/**
 * Starts an embedded Neo4j community DBMS for tatgraph's tests and benchmarks.
 *
 * <p>Usage: {@code java -cp ... tatgraph.neo4j.Launcher DIR}. The DBMS lives in {@code DIR/home}
 * (data, transaction logs, debug log); Bolt listens on 127.0.0.1 only, on the port in
 * {@code DIR/port} if that file exists (a restart keeps its address), else on a free port.
 * Authentication is on: user {@code neo4j}, password from {@code NEO4J_PASSWORD}. When the
 * server answers, the port is written to {@code DIR/ready}. SIGTERM (or SIGINT) shuts the
 * DBMS down cleanly (checkpoint, files closed); so does the end of the process whose id is in
 * {@code TATGRAPH_NEO4J_WATCH_PID}, if set, so a test run killed hard leaves no server behind.
 *
 * <p>Memory is kept small for a shared 2-core machine: the heap is set by the caller (-Xmx),
 * the page cache by {@code TATGRAPH_NEO4J_PAGECACHE} (default 256m).
 */
public final class Launcher {
  private Launcher() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 1) {
      System.err.println("usage: Launcher DIR");
      System.exit(2);
    }
    Path dir = Path.of(args[0]).toAbsolutePath();
    String password = System.getenv("NEO4J_PASSWORD");
    if (password == null || password.length() < 8) {
      System.err.println("NEO4J_PASSWORD must be set (8 characters or more)");
      System.exit(2);
    }
    Files.createDirectories(dir);
    Files.deleteIfExists(dir.resolve("ready"));
    Path portFile = dir.resolve("port");
    int port = Files.exists(portFile) ? Integer.parseInt(Files.readString(portFile).trim()) : 0;
    if (port == 0) {
      port = freePort();
      write(portFile, Integer.toString(port));
    }
    long pagecache = ByteUnit.parse(env("TATGRAPH_NEO4J_PAGECACHE", "256m"));

    SocketAddress bolt = new SocketAddress("127.0.0.1", port);
    DatabaseManagementServiceBuilder builder =
        new DatabaseManagementServiceBuilder(dir.resolve("home"))
            .setConfig(BoltConnector.enabled, true)
            .setConfig(BoltConnector.listen_address, bolt)
            .setConfig(BoltConnector.advertised_address, bolt)
            // a test server: stop in about a second instead of the default 2 x 5 s grace
            .setConfig(BoltConnectorInternalSettings.thread_pool_shutdown_wait_time, Duration.ofSeconds(1))
            .setConfig(BoltConnectorInternalSettings.connection_shutdown_wait_time, Duration.ofSeconds(1))
            .setConfig(BoltConnectorInternalSettings.enable_local_connector, false)
            .setConfig(HttpConnector.enabled, false)
            .setConfig(HttpsConnector.enabled, false)
            .setConfig(GraphDatabaseSettings.auth_enabled, true)
            .setConfig(GraphDatabaseSettings.pagecache_memory, pagecache)
            .setConfig(GraphDatabaseSettings.keep_logical_logs, "false")
            .setConfig(GraphDatabaseSettings.preallocate_logical_logs, false)
            .setConfig(GraphDatabaseSettings.logical_log_rotation_threshold, ByteUnit.mebiBytes(32));
    boolean tls = enableTls(builder, dir.resolve("tls"));
    DatabaseManagementService dbms = builder.build();

    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  System.out.println("tatgraph-neo4j: shutting down");
                  dbms.shutdown();
                  System.out.println("tatgraph-neo4j: stopped");
                  stopped.countDown();
                },
                "tatgraph-neo4j-shutdown"));

    setPassword(dbms, password);
    String version = neo4jVersion(dbms);
    write(dir.resolve("version"), version);
    write(dir.resolve("ready"), Integer.toString(port));
    System.out.println(
        "tatgraph-neo4j: " + version + " ready on bolt://127.0.0.1:" + port
            + (tls ? " (TLS optional: bolt+ssc:// and neo4j+ssc:// work too)" : ""));
    watchParent(System.getenv("TATGRAPH_NEO4J_WATCH_PID"));
    stopped.await();
  }

  /**
   * Bolt TLS, optional (plain and encrypted clients both connect), when {@code tlsDir} holds
   * {@code private.key} and {@code public.crt} (tools/neo4j/start makes a self-signed pair with
   * openssl): so the {@code +ssc} URI schemes of Aura and clusters can be tested here.
   */
  private static boolean enableTls(DatabaseManagementServiceBuilder builder, Path tlsDir)
      throws IOException {
    if (!Files.exists(tlsDir.resolve("private.key")) || !Files.exists(tlsDir.resolve("public.crt"))) {
      return false;
    }
    Files.createDirectories(tlsDir.resolve("trusted"));
    Files.createDirectories(tlsDir.resolve("revoked"));
    SslPolicyConfig policy = SslPolicyConfig.forScope(SslPolicyScope.BOLT);
    builder
        .setConfig(policy.enabled, true)
        .setConfig(policy.base_directory, tlsDir)
        .setConfig(policy.private_key, tlsDir.resolve("private.key"))
        .setConfig(policy.public_certificate, tlsDir.resolve("public.crt"))
        .setConfig(policy.client_auth, ClientAuth.NONE)
        .setConfig(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.OPTIONAL);
    return true;
  }

  /** Sets the password of user neo4j (the system database's default user) for every start. */
  private static void setPassword(DatabaseManagementService dbms, String password) {
    var system = dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME);
    try {
      system.executeTransactionally(
          "ALTER USER neo4j SET PASSWORD $password CHANGE NOT REQUIRED",
          Map.of("password", password));
    } catch (RuntimeException e) {
      // A restart with the same password: Neo4j refuses to "change" it to itself.
      if (!String.valueOf(e.getMessage()).contains("Old password and new password cannot be the same")) {
        throw e;
      }
    }
  }

  private static String neo4jVersion(DatabaseManagementService dbms) {
    var db = dbms.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME);
    return db.executeTransactionally(
        "CALL dbms.components() YIELD name, versions, edition "
            + "RETURN name + ' ' + versions[0] + ' ' + edition AS v",
        Map.of(),
        result -> (String) result.next().get("v"));
  }

  private static void watchParent(String pid) {
    if (pid == null || pid.isBlank()) {
      return;
    }
    long id = Long.parseLong(pid.trim());
    Thread watcher =
        new Thread(
            () -> {
              while (ProcessHandle.of(id).map(ProcessHandle::isAlive).orElse(false)) {
                try {
                  Thread.sleep(1000);
                } catch (InterruptedException e) {
                  return;
                }
              }
              System.out.println("tatgraph-neo4j: process " + id + " ended; stopping");
              System.exit(0); // runs the shutdown hook
            },
            "tatgraph-neo4j-watch");
    watcher.setDaemon(true);
    watcher.start();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return socket.getLocalPort();
    }
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }

  private static void write(Path file, String text) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(tmp, text + "\n", StandardCharsets.UTF_8);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
