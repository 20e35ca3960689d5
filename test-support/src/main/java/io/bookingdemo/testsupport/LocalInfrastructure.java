package io.bookingdemo.testsupport;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import io.bookingdemo.infra.topology.AwsClients;
import io.bookingdemo.infra.topology.ProvisionedTopology;
import io.bookingdemo.infra.topology.Provisioner;
import io.bookingdemo.infra.topology.Topology;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One SNS/SQS emulator with the declared topology applied in both messaging modes and one
 * PostgreSQL server, started once per JVM and shared by the tests that run in it.
 */
public final class LocalInfrastructure {

	private static final Logger logger = LoggerFactory.getLogger(LocalInfrastructure.class);

	private static volatile LocalInfrastructure shared;

	private final MessagingEmulator emulator;

	private final PostgresServer postgres;

	private final AwsClients clients;

	private final ProvisionedTopology topology;

	private final Queues queues;

	private final String backends;

	private final Map<String, String> databases = new ConcurrentHashMap<>();

	private LocalInfrastructure(MessagingEmulator emulator, PostgresServer postgres) {
		this.emulator = emulator;
		this.postgres = postgres;
		this.clients = AwsClients.create(Optional.of(emulator.endpoint()), emulator.region());
		// Both modes side by side: their names differ, so a test picks one by
		// configuration.
		Provisioner provisioner = new Provisioner(this.clients.sns(), this.clients.sqs());
		this.topology = provisioner.apply(Topology.declared())
			.and(provisioner.apply(Topology.declared().inMode(Topology.Mode.FIFO)));
		this.queues = new Queues(this.clients.sqs(), this.topology);
		this.backends = "messaging=" + emulator.description() + ", postgres=" + postgres.description();
	}

	/**
	 * The infrastructure of this JVM, started on first use and stopped when the JVM
	 * exits.
	 * @return the shared infrastructure
	 */
	public static LocalInfrastructure shared() {
		if (shared == null) {
			synchronized (LocalInfrastructure.class) {
				if (shared == null) {
					LocalInfrastructure started = new LocalInfrastructure(MessagingEmulator.start(),
							PostgresServer.start());
					Runtime.getRuntime().addShutdownHook(new Thread(started::stop));
					// Which of the fallbacks ran depends on the machine, so say it once.
					logger.info("Test backends: {}", started.backends());
					shared = started;
				}
			}
		}
		return shared;
	}

	/**
	 * Names the emulator and the PostgreSQL server, with their versions and endpoint.
	 * @return for example
	 * {@code messaging=fauxqs 2.4.1 at http://127.0.0.1:4566, postgres=embedded PostgreSQL 14.10}
	 */
	public String backends() {
		return this.backends;
	}

	/**
	 * The emulator.
	 * @return the emulator
	 */
	public MessagingEmulator emulator() {
		return this.emulator;
	}

	/**
	 * The provisioned queues, by name.
	 * @return access to the queues
	 */
	public Queues queues() {
		return this.queues;
	}

	/**
	 * The PostgreSQL server.
	 * @return the server
	 */
	public PostgresServer postgres() {
		return this.postgres;
	}

	/**
	 * Creates, once, a database and user of the given name and returns the Spring Boot
	 * properties that point a service at it and at the emulator.
	 * @param database the service's database and user name
	 * @return property names and values
	 */
	public Map<String, String> springProperties(String database) {
		String url = this.databases.computeIfAbsent(database, this.postgres::createDatabase);
		Map<String, String> properties = new LinkedHashMap<>();
		properties.put("spring.datasource.url", url);
		properties.put("spring.datasource.username", database);
		properties.put("spring.datasource.password", database);
		properties.put("spring.cloud.aws.endpoint", this.emulator.endpoint().toString());
		properties.put("spring.cloud.aws.region.static", this.emulator.region());
		properties.put("spring.cloud.aws.credentials.access-key", "test");
		properties.put("spring.cloud.aws.credentials.secret-key", "test");
		return properties;
	}

	private void stop() {
		this.clients.close();
		this.emulator.close();
		this.postgres.close();
	}

}
